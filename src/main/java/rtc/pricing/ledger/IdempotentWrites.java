package rtc.pricing.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.Problem;

/**
 * Writes made once per {@code Idempotency-Key} (api.md), as payment APIs do it. A key belongs to its caller; the same
 * key and body sent to the same endpoint answer what the first request answered, with {@code Idempotent-Replayed:
 * true}, without doing anything again. The same key with another body, or at another endpoint (another account's
 * top-ups, the trial then postpaid), is a {@code 409}: a replay there would answer a write that was never made.
 * <p>
 * The key is claimed in a short transaction of its own before the write runs, so a parallel request with the key
 * finds it taken and is answered {@code 409} with {@code Retry-After} instead of running the write a second time;
 * the write's transaction then stores its answer, so a write and its stored answer commit or fail together. A write
 * that fails stores nothing and frees its key (a retry runs it again). A claim older than the lease belongs to a
 * request that died with its process: a retry takes it over, and the old request, should it still finish, finds its
 * claim gone and rolls back. Keys are forgotten after their time to live.
 */
public final class IdempotentWrites {

    private static final Logger LOG = Logger.getLogger(IdempotentWrites.class);

    /** Longest Idempotency-Key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    /** A write in a transaction: its status and body. */
    @FunctionalInterface
    public interface Write {
        Ledger.Written apply(Connection c) throws SQLException;
    }

    private final LedgerDatabase database;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Duration lease;

    public IdempotentWrites(LedgerDatabase database, ObjectMapper json, Duration ttl, Duration lease) {
        this.database = database;
        this.json = json;
        this.ttl = ttl;
        this.lease = lease;
    }

    /**
     * Runs {@code write} in one transaction, once per key. A repeated request must match {@code endpoint} (method
     * and path, e.g. {@code POST /v1/accounts/p1/top-ups}) and {@code compared} (the body, or the body without what
     * must never be stored even hashed, such as a password).
     */
    public Response run(String keyHeader, String actor, String requestId, String endpoint, JsonNode compared,
            Write write) {
        String key = key(keyHeader);
        if (key == null) {
            return database.inWriteTransaction(c -> {
                Ledger.Written w = write.apply(c);
                return answer(w, requestId).entity(text(w.body())).build();
            });
        }
        String hash = sha256(endpoint + "\n" + text(compared));
        String claim = UUID.randomUUID().toString();
        Response earlier;
        try {
            earlier = database.inBookkeepingTransaction(c -> claim(c, key, actor, hash, claim));
        } catch (LedgerDatabase.LedgerException e) {
            if (!(e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState()))) {
                throw e;
            }
            // Another request claimed the key between our look and our insert: see what it is now.
            earlier = database.inBookkeepingTransaction(c -> claim(c, key, actor, hash, claim));
        }
        if (earlier != null) {
            return earlier;
        }
        try {
            return database.inWriteTransaction(c -> {
                Ledger.Written w = write.apply(c);
                String answer = text(w.body());
                try (PreparedStatement s = c.prepareStatement("update idempotency set status = ?, response = ?,"
                        + " claim = null where idem_key = ? and actor = ? and claim = ?")) {
                    s.setInt(1, w.status());
                    s.setString(2, answer);
                    s.setString(3, key);
                    s.setString(4, actor);
                    s.setString(5, claim);
                    if (s.executeUpdate() != 1) {
                        throw new ClaimLost();
                    }
                }
                return answer(w, requestId).entity(answer).build();
            });
        } catch (ClaimLost e) {
            // Past the lease, a retry took the key over and runs (or ran) the write: this one was rolled back.
            return inFlight(key);
        } catch (RuntimeException e) {
            release(key, actor, claim);
            throw e;
        }
    }

    /**
     * Claims {@code key} for this request (null: go on and write), or answers without writing: the stored answer, a
     * 409 for another request under the key, or a 409 with Retry-After while its first request runs.
     */
    private Response claim(Connection c, String key, String actor, String hash, String claim) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement s = c.prepareStatement("select request_hash, status, response, claimed_at, created_at"
                + " from idempotency where idem_key = ? and actor = ? for update")) {
            s.setString(1, key);
            s.setString(2, actor);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && !r.getObject(5, OffsetDateTime.class).isBefore(now.minus(ttl))) {
                    if (!r.getString(1).equals(hash)) {
                        throw new ConflictException("idempotency-key-reused", "Idempotency-Key " + key + " was used"
                                + " for another request (another body or endpoint); use a new key for a new request",
                                null);
                    }
                    if (r.getObject(2) != null) {
                        return Response.status(r.getInt(2)).type(MediaType.APPLICATION_JSON).entity(r.getString(3))
                                .header(REPLAYED, "true").build();
                    }
                    OffsetDateTime claimed = r.getObject(4, OffsetDateTime.class);
                    if (claimed != null && claimed.isAfter(now.minus(lease))) {
                        return inFlight(key);
                    }
                    Sql.update(c, "update idempotency set claim = ?, claimed_at = ? where idem_key = ? and actor = ?",
                            claim, now, key, actor);
                    return null;
                }
            }
        }
        // No key, or one past its time to live: a new request.
        Sql.update(c, "delete from idempotency where idem_key = ? and actor = ?", key, actor);
        Sql.update(c, "insert into idempotency (idem_key, actor, request_hash, claim, claimed_at, created_at) values"
                + " (?, ?, ?, ?, ?, ?)", key, actor, hash, claim, now, now);
        return null;
    }

    /** Frees the key of a write that failed, so a retry runs it; if this fails too, the lease frees it. */
    private void release(String key, String actor, String claim) {
        try {
            database.inBookkeepingTransaction(c -> Sql.update(c, "delete from idempotency where idem_key = ? and"
                    + " actor = ? and claim = ?", key, actor, claim));
        } catch (RuntimeException e) {
            LOG.warnf("Idempotency-Key of a failed write not freed (its lease will): %s", e.getMessage());
        }
    }

    /** Forgets the keys past their time to live (run every hour); a claim within its lease is kept. */
    public int forgetExpired() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return database.inBookkeepingTransaction(c -> Sql.update(c, "delete from idempotency where created_at < ? and"
                + " (claim is null or claimed_at < ?)", now.minus(ttl), now.minus(lease)));
    }

    /** The header of an answer replayed from a stored one. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static Response inFlight(String key) {
        return Response.fromResponse(Problem.of(409, "idempotency-key-in-flight", "Conflict with what is recorded or"
                + " with the policy", "the first request with Idempotency-Key " + key + " is still running; retry"
                + " after it, and its answer is replayed", null).toResponse()).header("Retry-After", "1").build();
    }

    private static Response.ResponseBuilder answer(Ledger.Written w, String requestId) {
        Response.ResponseBuilder out = Response.status(w.status()).type(MediaType.APPLICATION_JSON);
        return requestId == null ? out : out.header(Audit.REQUEST_ID_HEADER, requestId);
    }


    /** The write's key was taken over while it ran: roll the write back. */
    private static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super(null, null, false, false);
        }
    }

    private static String key(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_KEY_LENGTH) {
            throw new InputException("", "the Idempotency-Key header must hold 1 to " + MAX_KEY_LENGTH
                    + " characters");
        }
        return header;
    }

    private String text(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
