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
import java.util.HexFormat;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;

/**
 * Writes made once per {@code Idempotency-Key} (api.md): the same key and body sent to the same endpoint, from the
 * same caller, answer what the first request answered without doing anything again; the same key with another body,
 * or at another endpoint (another account's top-ups, the trial then postpaid), is a {@code 409}: a replay there would
 * answer a write that was never made. The answer is stored in the write's own transaction, so a write and its stored
 * answer commit or fail together.
 */
public final class IdempotentWrites {

    /** Longest Idempotency-Key accepted. */
    public static final int MAX_KEY_LENGTH = 200;

    /** A write in a transaction: its status and body. */
    @FunctionalInterface
    public interface Write {
        Ledger.Written apply(Connection c) throws SQLException;
    }

    private final LedgerDatabase database;
    private final ObjectMapper json;

    public IdempotentWrites(LedgerDatabase database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /**
     * Runs {@code write} in one transaction, once per key. A repeated request must match {@code endpoint} (method
     * and path, e.g. {@code POST /v1/accounts/p1/top-ups}) and {@code compared} (the body, or the body without what
     * must never be stored even hashed, such as a password).
     */
    public Response run(String keyHeader, String actor, String requestId, String endpoint, JsonNode compared,
            Write write) {
        String key = key(keyHeader);
        String hash = key == null ? null : sha256(endpoint + "\n" + text(compared));
        try {
            return attempt(key, actor, requestId, hash, write);
        } catch (LedgerDatabase.LedgerException e) {
            if (key == null || !(e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState()))) {
                throw e;
            }
            // Another request with this key committed first: answer what it answered.
            return attempt(key, actor, requestId, hash, write);
        }
    }

    private Response attempt(String key, String actor, String requestId, String hash, Write write) {
        return database.inTransaction(c -> {
            if (key != null) {
                Response stored = stored(c, key, actor, hash);
                if (stored != null) {
                    return stored;
                }
            }
            Ledger.Written w = write.apply(c);
            String answer = text(w.body());
            if (key != null) {
                try (PreparedStatement s = c.prepareStatement("insert into idempotency (idem_key, actor, request_hash,"
                        + " status, response, created_at) values (?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, key);
                    s.setString(2, actor);
                    s.setString(3, hash);
                    s.setInt(4, w.status());
                    s.setString(5, answer);
                    s.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                    s.executeUpdate();
                }
            }
            Response.ResponseBuilder out = Response.status(w.status()).type(MediaType.APPLICATION_JSON).entity(answer);
            return requestId == null ? out.build() : out.header(Audit.REQUEST_ID_HEADER, requestId).build();
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
                            + " another request (another body or endpoint); use a new key for a new request", null);
                }
                return Response.status(r.getInt(2)).type(MediaType.APPLICATION_JSON).entity(r.getString(3))
                        .header("Idempotent-Replayed", "true").build();
            }
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
