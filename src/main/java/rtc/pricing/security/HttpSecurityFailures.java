package rtc.pricing.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A refusal by an HTTP path permission (e.g. {@code /q/metrics} for a user without the role) fails the request
 * before any REST resource runs; this failure handler answers it as problem+json instead of Quarkus' empty body.
 */
@ApplicationScoped
public class HttpSecurityFailures {

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        boolean forbidden = failure instanceof ForbiddenException;
        boolean unauthorized = failure instanceof UnauthorizedException
                || failure instanceof AuthenticationFailedException;
        if (!forbidden && !unauthorized) {
            context.next();
        } else if (!context.response().ended()) {
            if (forbidden) {
                SecurityProblems.send(context, SecurityProblems.forbidden(), json);
            } else {
                SecurityProblems.authenticationFailed(context, failure instanceof AuthenticationFailedException, json);
            }
        }
    }
}
