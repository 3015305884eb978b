package rtc.pricing.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP Basic, as Quarkus' own mechanism reads it, but whose challenge (missing or wrong credentials) is a 401
 * problem+json with {@code WWW-Authenticate} rather than an empty body, or a 429 when the attempt was throttled
 * ({@link LoginThrottle}). The only mechanism: the built-in one is
 * off ({@code quarkus.http.auth.basic=false}).
 */
@ApplicationScoped
public class ProblemBasicAuthentication implements HttpAuthenticationMechanism {

    private static final String MECHANISM_KEY = HttpAuthenticationMechanism.class.getName();

    /** Reads the Authorization header; its own challenge is never sent. */
    private final BasicAuthenticationMechanism basic = new BasicAuthenticationMechanism(null, false);

    @Inject
    ObjectMapper json;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Uni<SecurityIdentity> identity = basic.authenticate(context, identityProviderManager);
        // The delegate names itself as the mechanism to challenge this request with; we challenge instead.
        if (context.get(MECHANISM_KEY) == basic) {
            context.put(MECHANISM_KEY, this);
        }
        return identity;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, SecurityProblems.CHALLENGE));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return Uni.createFrom().item(() -> {
            if (!context.response().ended()) {
                boolean credentialsSent = context.request().headers().contains(HttpHeaderNames.AUTHORIZATION);
                SecurityProblems.authenticationFailed(context, credentialsSent, json);
            }
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return basic.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }
}
