package rtc.pricing.problem;

/** The serving rules cannot price this request (e.g. a price is missing): a server-side defect, not an input error. */
public class RulesDefectException extends RuntimeException {
    public RulesDefectException(String message) {
        super(message);
    }
}
