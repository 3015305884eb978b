package rtc.pricing.security;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
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
import rtc.pricing.PricingConfig;

/** Checks HTTP Basic credentials against the {@link UserDirectory}. */
@ApplicationScoped
public class DirectoryIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    UserDirectory users;
    @Inject
    PricingConfig config;

    /** Checked for an unknown name, so that it costs the same time as a wrong password and names do not leak. */
    private PasswordHash nobody;

    @PostConstruct
    void init() {
        nobody = PasswordHash.of(InMemoryUserDirectory.generatePassword().toCharArray(),
                config.security().passwordIterations());
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // The hash is slow on purpose: off the event loop.
        return context.runBlocking(() -> {
            Optional<UserDirectory.User> user = users.find(request.getUsername());
            boolean matches = user.map(UserDirectory.User::password).orElse(nobody)
                    .matches(request.getPassword().getPassword());
            if (user.isEmpty() || !matches) {
                throw new AuthenticationFailedException();
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.get().username()))
                    .addRoles(user.get().roles())
                    .build();
        });
    }
}
