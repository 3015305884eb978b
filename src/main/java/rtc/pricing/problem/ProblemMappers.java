package rtc.pricing.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Every error leaves as application/problem+json; nothing internal (stack, class names) leaks. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response input(InputException e) {
        return Problem.of(400, "invalid-input", "Invalid input",
                e.errors().size() == 1 ? where(e.errors().get(0).pointer()) + e.errors().get(0).message()
                        : e.errors().size() + " fields are invalid; see errors",
                e.errors()).toResponse();
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "" : pointer + ": ";
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return Problem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON" + where,
                java.util.List.of(new FieldError("", "not valid JSON" + where))).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidHeader(InvalidHeaderException e) {
        return Problem.of(400, "invalid-input", "Invalid input", e.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "Not Found", e.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response rulesDefect(RulesDefectException e) {
        // The detail names what failed for the operators' log; the client learns only that the rules failed.
        LOG.error("The serving rules cannot price a request: " + e.getMessage());
        return Problem.of(500, "rules-defect", "The pricing rules cannot price this request",
                "the serving rules failed on this request; the failure is in the service log", null).toResponse();
    }

    @ServerExceptionMapper
    public Response ruleBudget(RuleBudgetExceededException e) {
        LOG.errorf("A quote was stopped by its rule budget (%s): %s", e.limit(), e.getMessage());
        return Problem.of(500, "rules-budget-exceeded", "The pricing rules ran away on this request",
                e.getMessage(), null).toResponse();
    }

    /** Overflow-checked arithmetic failed: the published limits should make it impossible, and it never wraps. */
    @ServerExceptionMapper
    public Response overflow(ArithmeticException e) {
        LOG.error("Arithmetic overflow while serving a request", e);
        return Problem.of(500, "arithmetic-overflow", "A figure exceeds exact arithmetic",
                "a figure of this request is too large to compute exactly; nothing was priced", null).toResponse();
    }

    @ServerExceptionMapper
    public Response rulesBusy(RulesBusyException e) {
        return Response.fromResponse(Problem.of(503, "rules-busy", "Rules version not at hand", e.getMessage(), null)
                .toResponse()).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response busy(ServiceBusyException e) {
        return Response.fromResponse(Problem.of(503, e.slug(), "Service busy", e.getMessage(), null).toResponse())
                .header("Retry-After", Integer.toString(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.of(409, e.slug(), "Conflict with what is recorded or with the policy",
                e.getMessage() + (e.rule() == null ? "" : " (rule \"" + e.rule() + "\")"), null).toResponse();
    }

    @ServerExceptionMapper
    public Response noRules(NoRulesException e) {
        return Problem.of(503, "no-rules", "No pricing rules are loaded", e.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "this method is not allowed here";
            case 406 -> "this resource answers application/json";
            case 415 -> "send the body as application/json";
            default -> title;
        };
        return Problem.of(status, null, title, detail, null).toResponse();
    }

    /** The body could not be read, mostly because the client went away mid-request: its problem, not ours. */
    @ServerExceptionMapper
    public Response unreadable(java.io.IOException e) {
        LOG.debugf("A request body could not be read: %s", e.getMessage());
        return Problem.of(400, "unreadable-body", "Unreadable body", "the request body could not be read to its end",
                java.util.List.of(new FieldError("", "the body could not be read"))).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return Problem.of(500, null, "Internal Server Error", "the request could not be completed", null)
                .toResponse();
    }
}
