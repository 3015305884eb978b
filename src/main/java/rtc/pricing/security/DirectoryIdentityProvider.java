package rtc.pricing.security;

import java.time.Duration;
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
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import rtc.pricing.http.ClientAddress;

/**
 * Checks HTTP Basic credentials against the {@link UserDirectory}; the identity of an {@code account} user carries
 * its account ({@link AccountAccess#boundAccount}). Failed logins are counted by the {@link LoginThrottle}, and an
 * attempt it refuses is answered {@code 429} without its password being looked at.
 */
@ApplicationScoped
public class DirectoryIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    UserDirectory users;
    @Inject
    Passwords passwords;
    @Inject
    LoginThrottle throttle;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String client = http == null ? "in-process" : ClientAddress.of(http.request());
        String name = request.getUsername();
        // Refused before any lookup or bcrypt, on the event loop: a throttled guess costs nothing.
        Duration wait = throttle.wait(name, client);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            if (http != null) {
                http.put(LoginThrottle.RETRY_AFTER, seconds);
            }
            return Uni.createFrom().failure(LoginThrottle.refusal(seconds));
        }
        // A database lookup, and bcrypt unless the password was verified lately: off the event loop.
        return context.runBlocking(() -> {
            Optional<UserDirectory.User> user = users.find(name);
            String password = new String(request.getPassword().getPassword());
            if (!passwords.verify(name, user.map(UserDirectory.User::passwordHash).orElse(null), password)) {
                throttle.failed(name, client);
                throw new AuthenticationFailedException();
            }
            throttle.succeeded(name, client);
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
