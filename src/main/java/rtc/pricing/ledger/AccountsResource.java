package rtc.pricing.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.PricingConfig;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.security.AccountAccess;

/**
 * Accounts and what they hold (api.md "Accounts, packages, usage and bills"). Every write is one transaction that
 * holds the account's row lock, records its audit entry (who, when, what, the request id) and, with an
 * {@code Idempotency-Key}, its answer: the same key and body answer the same again without doing anything.
 */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    /** Longest Idempotency-Key accepted. */
    static final int MAX_KEY_LENGTH = 200;

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

    @HeaderParam("Idempotency-Key")
    String idempotencyKey;
    @HeaderParam("X-Request-Id")
    String requestId;

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.createAccount(c, rules, actor, request));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"admin", "account"})
    public Ledger.AccountView get(@PathParam("id") String id, @QueryParam("at") String at) {
        AccountAccess.requireAccess(identity, id);
        ZonedDateTime when = at == null ? ZonedDateTime.now(config.billingZone()) : instant(at);
        RuleSet rules = bodies.rules(null);
        return database.inTransaction(c -> ledger.view(c, rules, id, when));
    }

    @GET
    @Path("{id}/audit")
    @RolesAllowed("admin")
    public List<Ledger.AuditEntry> audit(@PathParam("id") String id) {
        return database.inTransaction(c -> ledger.audit(c, id));
    }

    @GET
    @Path("{id}/deductions")
    @RolesAllowed({"admin", "account"})
    public rtc.pricing.packages.Deductions deductions(@PathParam("id") String id, @QueryParam("date") String date) {
        AccountAccess.requireAccess(identity, id);
        java.time.LocalDate day;
        try {
            day = java.time.LocalDate.parse(date == null ? "" : date);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException("/date", "is required: a billing day, YYYY-MM-DD");
        }
        RuleSet rules = bodies.rules(null);
        return database.inTransaction(c -> usage.day(c, rules, id, day));
    }

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
        try {
            return java.time.LocalDate.parse(text == null ? "" : text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException(pointer, "is required: a billing day, YYYY-MM-DD");
        }
    }

    @POST
    @Path("{id}/apps")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response app(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.addApp(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/trial")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trial(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.grantTrial(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/packages")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response buy(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.buyPackage(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/packages/{packageId}/refund")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("id") String id, @PathParam("packageId") String packageId, InputStream body)
            throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.refund(c, rules, actor, id, packageId, request));
    }

    @POST
    @Path("{id}/legacy-packages")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response legacyPackage(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.recordLegacyPackage(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/legacy-conversion")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response legacyConversion(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.convertLegacy(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/top-ups")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response topUp(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.topUp(c, rules, actor, id, request));
    }

    @POST
    @Path("{id}/postpaid")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response postpaid(@PathParam("id") String id, InputStream body) throws IOException {
        return write(body, (c, rules, actor, request) -> ledger.enablePostpaid(c, rules, actor, id, request));
    }

    // ---- one transaction per write, idempotent by key ----

    @FunctionalInterface
    interface Change {
        Ledger.Written apply(Connection c, RuleSet rules, Ledger.Actor actor, JsonNode request) throws SQLException;
    }

    private Response write(InputStream body, Change change) throws IOException {
        JsonNode request = bodies.parse(body);
        RuleSet rules = bodies.rules(null);
        Ledger.Actor actor = new Ledger.Actor(identity.getPrincipal().getName(), requestId());
        String key = key();
        String hash = key == null ? null : sha256(json.writeValueAsString(request));
        try {
            return attempt(request, rules, actor, key, hash, change);
        } catch (LedgerDatabase.LedgerException e) {
            if (key == null || !uniqueViolation(e)) {
                throw e;
            }
            // Another request with this key committed first: answer what it answered.
            return attempt(request, rules, actor, key, hash, change);
        }
    }

    private Response attempt(JsonNode request, RuleSet rules, Ledger.Actor actor, String key, String hash,
            Change change) {
        return database.inTransaction(c -> {
            if (key != null) {
                Response stored = stored(c, key, actor.name(), hash);
                if (stored != null) {
                    return stored;
                }
            }
            Ledger.Written w = change.apply(c, rules, actor, request);
            String answer = writeJson(w.body());
            if (key != null) {
                try (PreparedStatement s = c.prepareStatement("insert into idempotency (idem_key, actor, request_hash,"
                        + " status, response, created_at) values (?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, key);
                    s.setString(2, actor.name());
                    s.setString(3, hash);
                    s.setInt(4, w.status());
                    s.setString(5, answer);
                    s.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                    s.executeUpdate();
                }
            }
            return Response.status(w.status()).type(MediaType.APPLICATION_JSON).entity(answer)
                    .header("X-Request-Id", actor.requestId()).build();
        });
    }

    private static Response stored(Connection c, String key, String actor, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select request_hash, status, response from idempotency where idem_key = ? and actor = ?")) {
            s.setString(1, key);
            s.setString(2, actor);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                if (!r.getString(1).equals(hash)) {
                    throw new ConflictException("idempotency-key-reused", "Idempotency-Key " + key + " was used for"
                            + " another request body; use a new key for a new request", null);
                }
                return Response.status(r.getInt(2)).type(MediaType.APPLICATION_JSON).entity(r.getString(3))
                        .header("Idempotent-Replayed", "true").build();
            }
        }
    }

    private String key() {
        if (idempotencyKey == null) {
            return null;
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new InputException("", "the Idempotency-Key header must hold 1 to " + MAX_KEY_LENGTH
                    + " characters");
        }
        return idempotencyKey;
    }

    private String requestId() {
        return Audit.requestId(requestId);
    }

    private ZonedDateTime instant(String text) {
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(config.billingZone());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputException("/at", "must be an ISO-8601 date-time with an offset, e.g."
                    + " 2022-06-01T00:00:00+08:00");
        }
    }

    private String writeJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean uniqueViolation(LedgerDatabase.LedgerException e) {
        return e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
