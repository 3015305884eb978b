package rtc.pricing.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Checks HTTP Basic credentials against the {@link UserDirectory}; the identity of an {@code account} user carries
 * its account ({@link AccountAccess#boundAccount}).
 */
@ApplicationScoped
public class DirectoryIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    UserDirectory users;
    @Inject
    Passwords passwords;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // A database lookup, and bcrypt unless the password was verified lately: off the event loop.
        return context.runBlocking(() -> {
            String name = request.getUsername();
            Optional<UserDirectory.User> user = users.find(name);
            String password = new String(request.getPassword().getPassword());
            if (!passwords.verify(name, user.map(UserDirectory.User::passwordHash).orElse(null), password)) {
                throw new AuthenticationFailedException();
            }
            UserDirectory.User u = user.get();
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(u.username()))
                    .addRoles(u.roles());
            if (u.accountId() != null && u.roles().contains(Roles.ACCOUNT)) {
                identity.addAttribute(AccountAccess.ACCOUNT_ID, u.accountId());
            }
            return identity.build();
        });
    }
}
