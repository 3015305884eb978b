package rtc.pricing.problem;

/** No rule set has ever loaded (the folder never passed the gate), so nothing can be priced. */
public class NoRulesException extends RuntimeException {
    public NoRulesException(String message) {
        super(message);
    }
}
