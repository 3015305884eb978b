package rtc.pricing.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.config.PricingConfig;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.security.AccountAccess;

/**
 * Accounts and what they hold (api.md "Accounts, packages, usage and bills"). Every write is one transaction that
 * holds the account's row lock, records its audit entry (who, when, what, the request id) and, with an
 * {@code Idempotency-Key}, its answer: the same key and body answer the same again without doing anything.
 */
@Path("/v1/accounts")
@Tag(name = "Accounts", description = "The account ledger: accounts, apps, packages, balance, bills, audit (api.md \"The account ledger\").")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    private static final String NO_ACCOUNT = "No such account, or not the caller's (not-found): both answer alike.";

    @Inject
    Ledger ledger;
    @Inject
    UsageIntake usage;
    @Inject
    Settlement settlement;
    @Inject
    LedgerDatabase database;
    @Inject
    JsonBodies bodies;
    @Inject
    ObjectMapper json;
    @Inject
    SecurityIdentity identity;
    @Inject
    PricingConfig config;
    @Inject
    IdempotentWrites writes;

    @HeaderParam("Idempotency-Key")
    String idempotencyKey;
    /** The write's path: an Idempotency-Key holds for one endpoint of one account. */
    @Context
    UriInfo uri;
    @HeaderParam("X-Request-Id")
    String requestId;

    @Operation(operationId = "createAccount", summary = "Create an account",
            description = "Registers an account; its billing mode follows from registeredAt by the rules. An old-mode account needs its contract priceBook.")
    @APIResponse(responseCode = "201", description = "The account, created.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AccountView.class)))
    @APIResponse(responseCode = "409", description = "The account exists (account-exists), or the Idempotency-Key was used for another request (idempotency-key-reused) or is in flight (idempotency-key-in-flight, Retry-After).")
    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.NewAccountBody.class)))
    public Response create(InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.NewAccountBody.class,
                "{accountId, registeredAt, postpaid, trialExhaustedAction, priceBook}",
                LedgerRequests.NewAccountBody::typed,
                (c, rules, actor, request) -> ledger.createAccount(c, rules, actor, request));
    }

    @Operation(operationId = "getAccount", summary = "Read an account",
            description = "The account as of ?at= (default now): mode, standing, balance, apps and packages with their terms and state. An account user reads its own account only.")
    @APIResponse(responseCode = "200", description = "The account as of at.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AccountView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @GET
    @Path("{id}")
    @RolesAllowed({"admin", "account"})
    public Ledger.AccountView get(@PathParam("id") String id, @QueryParam("at") String at) {
        AccountAccess.requireAccess(identity, id);
        ZonedDateTime when = at == null ? ZonedDateTime.now(config.billingZone()) : instant(at);
        RuleSet rules = bodies.rules(null);
        return database.inTransaction(c -> ledger.view(c, rules, id, when));
    }

    @Operation(operationId = "getAccountAudit", summary = "Read an account's audit trail",
            description = "Every change to the account, oldest first: when, who, what and the request id.")
    @APIResponse(responseCode = "200", description = "The audit entries, oldest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Ledger.AuditEntry.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @GET
    @Path("{id}/audit")
    @RolesAllowed("admin")
    public List<Ledger.AuditEntry> audit(@PathParam("id") String id) {
        return database.inTransaction(c -> ledger.audit(c, id));
    }

    @Operation(operationId = "getAccountDeductions", summary = "Replay an account's day of deductions",
            description = "The day's (?date=) base-service deductions, exactly as POST /v1/deductions answers them.")
    @APIResponse(responseCode = "200", description = "The day's replay.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = rtc.pricing.packages.Deductions.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @GET
    @Path("{id}/deductions")
    @RolesAllowed({"admin", "account"})
    public rtc.pricing.packages.Deductions deductions(@PathParam("id") String id, @QueryParam("date") String date) {
        AccountAccess.requireAccess(identity, id);
        java.time.LocalDate day = day(date, "/date");
        RuleSet rules = bodies.rules(null);
        return database.inTransaction(c -> usage.day(c, rules, id, day));
    }

    @Operation(operationId = "listAccountBills", summary = "List an account's bills",
            description = "Its bills from ?from= to ?to= (at most 366 days), each correcting bill right after the bill it corrects.")
    @APIResponse(responseCode = "200", description = "The bills, by day and app.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = Settlement.Bill.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @GET
    @Path("{id}/bills")
    @RolesAllowed({"admin", "account"})
    public java.util.List<Settlement.Bill> bills(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        AccountAccess.requireAccess(identity, id);
        java.time.LocalDate start = day(from, "/from");
        java.time.LocalDate end = day(to, "/to");
        if (end.isBefore(start) || end.isAfter(start.plusDays(366))) {
            throw new InputException("/to", "must be on or after from, at most 366 days later");
        }
        return database.inTransaction(c -> {
            ledger.requireAccount(c, id);
            return settlement.bills(c, id, start, end);
        });
    }

    /** A stored bill priced again with the rules version it names, from what was stored: the same figures. */
    @Operation(operationId = "repriceBill", summary = "Price a stored bill again",
            description = "The stored bill priced again from what was stored (its seconds per item, price book and rules version): the same figures.")
    @APIResponse(responseCode = "200", description = "The stored and the repriced totals and lines.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Settlement.Repriced.class)))
    @APIResponse(responseCode = "404", description = "No such account, or no bill of this app on this day (not-found).")
    @GET
    @Path("{id}/bills/{date}/{appId}/repriced")
    @RolesAllowed("admin")
    public Settlement.Repriced repriced(@PathParam("id") String id, @PathParam("date") String date,
            @PathParam("appId") String appId) {
        java.time.LocalDate day = day(date, "/date");
        return database.inTransaction(c -> settlement.reprice(c, v -> bodies.rules(json.getNodeFactory().textNode(v)),
                id, appId, day));
    }

    private static java.time.LocalDate day(String text, String pointer) {
        return QuoteLimits.standard().billingDay(text, pointer);
    }

    @Operation(operationId = "createApp", summary = "Add an app to an account",
            description = "Records an app of the account. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "201", description = "The app, recorded.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AppView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The app belongs to an account already (app-exists). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/apps")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.NewAppBody.class)))
    public Response app(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.NewAppBody.class, "{appId, createdAt}",
                LedgerRequests.NewAppBody::typed,
                (c, rules, actor, request) -> ledger.addApp(c, rules, actor, id, request));
    }

    @Operation(operationId = "grantTrial", summary = "Grant the trial package",
            description = "Grants the trial package when the rules allow it. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "201", description = "The trial package.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.PackageView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The rules refuse a trial (trial-refused). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/trial")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.AtBody.class)))
    public Response trial(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.AtBody.class, "{at}",
                LedgerRequests.AtBody::typed,
                (c, rules, actor, request) -> ledger.grantTrial(c, rules, actor, id, request));
    }

    @Operation(operationId = "buyPackage", summary = "Buy a general package",
            description = "Buys a package priced by the package-price rules, paid from the balance. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "201", description = "The package bought.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.PackageView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The rules refuse the purchase (purchase-refused) or the balance cannot pay it (insufficient-balance). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/packages")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.PurchaseBody.class)))
    public Response buy(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.PurchaseBody.class, "{thousandMinutes, paidAt}",
                LedgerRequests.PurchaseBody::typed,
                (c, rules, actor, request) -> ledger.buyPackage(c, rules, actor, id, request));
    }

    @Operation(operationId = "refundPackage", summary = "Refund a package",
            description = "Returns a package's price to the balance when the refund rules allow it. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "200", description = "What went back to the balance.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.RefundView.class)))
    @APIResponse(responseCode = "404", description = "No such account or package (not-found).")
    @APIResponse(responseCode = "409", description = "The rules refuse the refund (refund-refused). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/packages/{packageId}/refund")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.AtBody.class)))
    public Response refund(@PathParam("id") String id, @PathParam("packageId") String packageId, InputStream body)
            throws IOException {
        return write(bodies.parse(body), LedgerRequests.AtBody.class, "{at}",
                LedgerRequests.AtBody::typed,
                (c, rules, actor, request) -> ledger.refund(c, rules, actor, id, packageId, request));
    }

    @Operation(operationId = "recordLegacyPackage", summary = "Record an old-mode package",
            description = "Records a package carried over from the old contract: neither priced nor charged. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "201", description = "The old package.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.PackageView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The account is in the new mode (legacy-package-refused). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/legacy-packages")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.LegacyPackageBody.class)))
    public Response legacyPackage(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.LegacyPackageBody.class, "{kind, minutes, acquiredAt}",
                LedgerRequests.LegacyPackageBody::typed,
                (c, rules, actor, request) -> ledger.recordLegacyPackage(c, rules, actor, id, request));
    }

    @Operation(operationId = "convertLegacyPackages", summary = "Convert old packages to general minutes",
            description = "Converts every old package with minutes left into a general package; the account is in the new mode from then on. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "200", description = "The packages converted and the account's mode.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.ConversionView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "Nothing to convert, already in the new mode, or a later package (conversion-refused). Also idempotency-key-reused, idempotency-key-in-flight (Retry-After), day-settled where a settled day would change.")
    @POST
    @Path("{id}/legacy-conversion")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.AtBody.class)))
    public Response legacyConversion(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.AtBody.class, "{at}",
                LedgerRequests.AtBody::typed,
                (c, rules, actor, request) -> ledger.convertLegacy(c, rules, actor, id, request));
    }

    @Operation(operationId = "topUpAccount", summary = "Top up the balance",
            description = "Adds money to the balance. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "200", description = "The account as of at.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AccountView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another request (idempotency-key-reused) or is in flight (idempotency-key-in-flight).")
    @POST
    @Path("{id}/top-ups")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.TopUpBody.class)))
    public Response topUp(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.TopUpBody.class, "{amount, at}",
                LedgerRequests.TopUpBody::typed,
                (c, rules, actor, request) -> ledger.topUp(c, rules, actor, id, request));
    }

    @Operation(operationId = "enablePostpaid", summary = "Enable postpaid",
            description = "Turns postpaid on from at; it stays on. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "200", description = "The account as of at.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AccountView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another request (idempotency-key-reused) or is in flight (idempotency-key-in-flight).")
    @POST
    @Path("{id}/postpaid")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.AtBody.class)))
    public Response postpaid(@PathParam("id") String id, InputStream body) throws IOException {
        return write(bodies.parse(body), LedgerRequests.AtBody.class, "{at}",
                LedgerRequests.AtBody::typed,
                (c, rules, actor, request) -> ledger.enablePostpaid(c, rules, actor, id, request));
    }

    /** The contract price book from the billing day of {@code at} on (policy "Settled days are final"). */
    @Operation(operationId = "changePriceBook", summary = "Change the contract price book",
            description = "Sets the contract price book (or null: list prices) from the billing day of at on. A write: one transaction with its audit entry; with an Idempotency-Key, the same key and body answer the first answer again.")
    @APIResponse(responseCode = "200", description = "The account as of at.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Ledger.AccountView.class)))
    @APIResponse(responseCode = "404", description = NO_ACCOUNT)
    @APIResponse(responseCode = "409", description = "A settled day would change (day-settled), or the Idempotency-Key was used for another request (idempotency-key-reused) or is in flight (idempotency-key-in-flight).")
    @POST
    @Path("{id}/price-book")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = LedgerRequests.PriceBookBody.class)))
    public Response priceBook(@PathParam("id") String id, InputStream body) throws IOException {
        JsonNode json = bodies.parse(body);
        // A record cannot tell a forgotten priceBook from null: the tree can.
        return write(json, LedgerRequests.PriceBookBody.class, "{priceBook, at}",
                (b, zone) -> b.typed(zone, json.has("priceBook")),
                (c, rules, actor, request) -> ledger.changePriceBook(c, rules, actor, id, request));
    }

    // ---- one transaction per write, idempotent by key ----

    @FunctionalInterface
    interface Change<R> {
        Ledger.Written apply(Connection c, RuleSet rules, Ledger.Actor actor, R request) throws SQLException;
    }

    /** A bound body checked against what depends on the clock, as the typed request the ledger takes. */
    @FunctionalInterface
    interface Typed<B, R> {
        R typed(B body, ZoneId zone);
    }

    private <B, R> Response write(JsonNode json, Class<B> type, String whatItIs, Typed<B, R> typed,
            Change<R> change) {
        RuleSet rules = bodies.rules(null);
        Ledger.Actor actor = new Ledger.Actor(identity.getPrincipal().getName(), requestId());
        // Bound inside the write, after the key's check (as POST /v1/usage does): a key reused with another body is a
        // 409 even when that body is invalid, and a retry answered from the key is not bound again.
        return writes.run(idempotencyKey, actor.name(), actor.requestId(), "POST " + uri.getPath(), json,
                c -> change.apply(c, rules, actor, typed.typed(bodies.bind(json, type, whatItIs),
                        config.billingZone())));
    }

    private String requestId() {
        return Audit.requestId(requestId);
    }

    /** An instant of a query ({@code ?at=}): within the dates the ledger records, as every instant of a body. */
    private ZonedDateTime instant(String text) {
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException("/at", "must be an ISO-8601 date-time with an offset, e.g."
                    + " 2022-06-01T00:00:00+08:00");
        }
        long epoch = at.toEpochSecond();
        if (epoch < LedgerRequests.EARLIEST_HISTORY_EPOCH_SECOND
                || epoch > QuoteLimits.standard().latestEpochSecond()) {
            throw new InputException("/at", "must be from " + java.time.Instant.ofEpochSecond(
                    LedgerRequests.EARLIEST_HISTORY_EPOCH_SECOND) + " to today + " + QuoteLimits.FUTURE_DAYS + " days");
        }
        return at.atZoneSameInstant(config.billingZone());
    }
}
