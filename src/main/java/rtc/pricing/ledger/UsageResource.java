package rtc.pricing.ledger;

import java.io.IOException;
import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.http.JsonBodies;
import rtc.pricing.rules.RuleSet;

/** POST /v1/usage: the usage pipeline's reports, each taken exactly once and deducted as it arrives. */
@Path("/v1/usage")
public class UsageResource {

    @Inject
    UsageIntake intake;
    @Inject
    LedgerDatabase database;
    @Inject
    JsonBodies bodies;

    @POST
    @RolesAllowed({"billing", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public UsageIntake.Answer take(InputStream body) throws IOException {
        JsonNode request = bodies.parse(body);
        RuleSet rules = bodies.rules(null);
        return database.inTransaction(c -> intake.take(c, rules, request));
    }
}
