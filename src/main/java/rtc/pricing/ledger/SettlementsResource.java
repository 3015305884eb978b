package rtc.pricing.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import rtc.pricing.config.PricingConfig;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.NoRulesException;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;

/**
 * Daily settlement: {@code POST /v1/settlements/{date}} on demand (admin), and every day at 00:30 of the billing zone
 * for the day before, each day priced by the rule set in force on it. Running it twice, or again after a crash, charges
 * nothing twice.
 */
@Path("/v1/settlements")
@Tag(name = "Settlements", description = "Daily settlement (admin); also run every day at 00:30 of the billing zone.")
public class SettlementsResource implements Settlement.Rules {

    private static final Logger LOG = Logger.getLogger(SettlementsResource.class);

    @Inject
    Settlement settlement;
    @Inject
    LedgerDatabase database;
    @Inject
    JsonBodies bodies;
    @Inject
    PricingConfig config;
    @Inject
    RuleRegistry registry;

    @POST
    @Operation(operationId = "settleDay", summary = "Settle a billing day",
            description = "Bills every app with usage on the day, by the rule set in force on it, and makes the correcting bills of late usage. Running it again charges nothing twice.")
    @APIResponse(responseCode = "200", description = "The run: bills made, already settled, totals.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Settlement.Run.class)))
    @APIResponse(responseCode = "409", description = "The day has not ended in the billing zone (day-not-ended).")
    @Path("{date}")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Settlement.Run settle(@PathParam("date") String date) {
        LocalDate day = QuoteLimits.standard().billingDay(date, "/date");
        LocalDate today = ZonedDateTime.now(config.billingZone()).toLocalDate();
        if (!day.isBefore(today)) {
            // Its usage is still coming in: a bill now would leave out the rest of the day.
            throw new ConflictException("day-not-ended", "billing day " + day + " has not ended: it ends at 00:00 of "
                    + day.plusDays(1) + " (" + config.billingZone() + ") and can be settled from then on");
        }
        return settlement.settle(database, this, day);
    }

    /** A bill's own rules version, for its corrections (the rules a run prices with, besides {@link #inForce}). */
    @Override
    public RuleSet version(String version) {
        return registry.version(version).orElseThrow(() -> new NoRulesException("rules version " + version
                + ", which priced a bill to correct, cannot be loaded from the rules history: the day is not"
                + " corrected"));
    }

    /**
     * The rule set in force on a billing day: the version that was serving at the day's end (the rules history's
     * timeline). A day before the first version served here is priced by the serving rules, whose prices are
     * themselves dated; a version in force that can no longer be loaded stops the settlement rather than price the
     * day with other rules.
     */
    @Override
    public RuleSet inForce(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(config.billingZone()).toInstant().minusNanos(1);
        Optional<String> version = registry.history().versionAt(end);
        if (version.isEmpty()) {
            return bodies.rules(null);
        }
        return registry.version(version.get()).orElseThrow(() -> new NoRulesException("rules version "
                + version.get() + ", in force on " + day + ", cannot be loaded from the rules history: the day is not"
                + " settled"));
    }

    @Scheduled(cron = "0 30 0 * * ?", timeZone = "${pricing.billing-zone}", identity = "daily-settlement",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        LocalDate yesterday = ZonedDateTime.now(config.billingZone()).toLocalDate().minusDays(1);
        Settlement.Run run = settlement.settle(database, this, yesterday);
        LOG.infof("Settled %s: %d bills (%d already settled), %s; %d correcting bills, %s", run.date(), run.bills(),
                run.alreadySettled(), run.total(), run.corrections(), run.correctionsTotal());
    }
}
