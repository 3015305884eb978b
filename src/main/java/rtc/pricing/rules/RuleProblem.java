package rtc.pricing.rules;

/**
 * Why a candidate rule set was refused, in terms an analyst can act on: the file (relative to the rules
 * folder), the line (0 when the problem is not tied to one), and what is wrong.
 */
public record RuleProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return (file == null ? "(rules)" : file) + ":" + line + ": " + message;
    }
}
