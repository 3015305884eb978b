package rtc.pricing.ledger;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import rtc.pricing.PricingConfig;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.problem.InputException;

/**
 * Daily settlement: {@code POST /v1/settlements/{date}} on demand (admin), and every day at 00:30 of the billing zone
 * for the day before. Running it twice, or again after a crash, charges nothing twice.
 */
@Path("/v1/settlements")
public class SettlementsResource {

    private static final Logger LOG = Logger.getLogger(SettlementsResource.class);

    @Inject
    Settlement settlement;
    @Inject
    LedgerDatabase database;
    @Inject
    JsonBodies bodies;
    @Inject
    PricingConfig config;

    @POST
    @Path("{date}")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    public Settlement.Run settle(@PathParam("date") String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new InputException("/date", "must be a billing day, YYYY-MM-DD");
        }
        return settlement.settle(database, bodies.rules(null), day);
    }

    @Scheduled(cron = "0 30 0 * * ?", timeZone = "${pricing.billing-zone}", identity = "daily-settlement",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        LocalDate yesterday = ZonedDateTime.now(config.billingZone()).toLocalDate().minusDays(1);
        Settlement.Run run = settlement.settle(database, bodies.rules(null), yesterday);
        LOG.infof("Settled %s: %d bills (%d already settled), %s", run.date(), run.bills(), run.alreadySettled(),
                run.total());
    }
}
