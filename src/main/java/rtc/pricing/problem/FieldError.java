package rtc.pricing.problem;

/** One input error: the JSON Pointer (RFC 6901) of the offending field and what is wrong with it. */
public record FieldError(String pointer, String message) {
}
