package rtc.pricing.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.SecurityIdentity;
import rtc.pricing.http.JsonBodies;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.Problem;
import rtc.pricing.security.Passwords;
import rtc.pricing.security.Roles;
import rtc.pricing.security.UserDirectory;

/** POST /v1/users (admin): a user of the database, audited as {@code user.created}. */
@Path("/v1/users")
@Tag(name = "Users", description = "Users of the database (admin).")
public class UsersResource {

    @Inject
    JsonBodies bodies;
    @Inject
    Passwords passwords;
    @Inject
    UserDirectory users;
    @Inject
    IdempotentWrites writes;
    @Inject
    SecurityIdentity caller;
    @Inject
    ObjectMapper json;

    /** The user as answered: never the password nor its hash. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CreatedUser(String username, List<String> roles,
            @Schema(nullable = true, description = "the account a user with the role account reads; null otherwise")
            String accountId, OffsetDateTime createdAt) {
    }

    @POST
    @Operation(operationId = "createUser", summary = "Create a user",
            description = "A user of the database with its roles (and, for the account role, its account), audited as user.created. The password is stored as a bcrypt hash and never answered.")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewUserRequest.class)))
    @APIResponse(responseCode = "201", description = "The user, created (never its password).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedUser.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (invalid-input, errors[] naming each field), an "
            + "account that does not exist, or malformed JSON. Nothing is written.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The username is taken (user-exists), by the database or the "
            + "configuration, or the Idempotency-Key was used for another request (idempotency-key-reused) or is in "
            + "flight (idempotency-key-in-flight).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(InputStream body, @HeaderParam(Audit.REQUEST_ID_HEADER) String requestIdHeader,
            @HeaderParam("Idempotency-Key") String idempotencyKey) throws IOException {
        String requestId = Audit.requestId(requestIdHeader);
        JsonNode request = bodies.parse(body);
        NewUserRequest wanted = bodies.bind(request, NewUserRequest.class, "{username, password, roles, accountId}");
        Set<String> wantedRoles = wanted.checked();
        if (users.isConfigured(wanted.username())) {
            throw taken(wanted.username(), " (a user of the configuration)");
        }
        // bcrypt takes its time: before the transaction, not inside it.
        UserDirectory.User user = new UserDirectory.User(wanted.username(), passwords.hash(wanted.password()),
                wantedRoles, wanted.accountId(), false);
        List<String> roles = wantedRoles.stream().sorted().toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String actor = caller.getPrincipal().getName();
        // A repeated request is compared without its password: not even a hash of it is kept beside the key.
        ObjectNode compared = ((ObjectNode) request).deepCopy();
        compared.remove("password");
        return writes.run(idempotencyKey, actor, requestId, "POST /v1/users", compared, c -> {
            if (user.accountId() != null) {
                try (PreparedStatement s = c.prepareStatement("select 1 from account where account_id = ?")) {
                    s.setString(1, user.accountId());
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw new InputException("/accountId", "there is no account \"" + user.accountId()
                                    + "\"; create it first (POST /v1/accounts)");
                        }
                    }
                }
            }
            if (!LedgerUsers.insert(c, user, now)) {
                throw taken(user.username(), "");
            }
            Audit.record(c, now, user.accountId(), actor, "user.created", detail(user.username(), roles,
                    user.accountId()), requestId);
            return new Ledger.Written(201, new CreatedUser(user.username(), roles, user.accountId(), now));
        });
    }

    private static ConflictException taken(String username, String why) {
        return new ConflictException("user-exists", "the user \"" + username + "\" exists" + why
                + "; choose another name");
    }

    private String detail(String username, List<String> roles, String accountId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("username", username);
        detail.put("roles", roles);
        detail.put("accountId", accountId);
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("names and roles always serialize", e);
        }
    }
}
