package rtc.pricing.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Why a candidate rule set was refused, in terms an analyst can act on: the file (relative to the rules
 * folder), the line (0 when the problem is not tied to one), and what is wrong.
 */
@Schema(name = "RuleProblem", description = "One problem of a rules folder.", requiredProperties = { "line", "message" })
public record RuleProblem(@Schema(nullable = true, description = "The file, relative to the rules folder; null when"
        + " the problem is the folder's.") String file,
        @Schema(description = "The line, 0 when the problem is not tied to one.", minimum = "0") int line,
        String message) {

    @Override
    public String toString() {
        return (file == null ? "(rules)" : file) + ":" + line + ": " + message;
    }
}
