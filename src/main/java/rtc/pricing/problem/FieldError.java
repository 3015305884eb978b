package rtc.pricing.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One input error: the JSON Pointer (RFC 6901) of the offending field and what is wrong with it. */
@Schema(name = "FieldError", description = "One input error.", requiredProperties = { "pointer", "message" })
public record FieldError(
        @Schema(description = "The JSON Pointer (RFC 6901) of the offending field or query parameter; \"\" for the"
                + " whole body.", examples = "/usage/0/minutes") String pointer,
        @Schema(description = "What is wrong with it.", examples = "must be a whole number from 0") String message) {
}
