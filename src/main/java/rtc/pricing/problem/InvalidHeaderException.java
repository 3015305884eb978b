package rtc.pricing.problem;

/** A request header the service reads is malformed: {@code 400} problem+json naming the header. */
public class InvalidHeaderException extends RuntimeException {

    public InvalidHeaderException(String header, String message) {
        super("the " + header + " header " + message);
    }
}
