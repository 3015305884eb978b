package rtc.pricing.facts;

/**
 * What every usage fact carries: its billing day (with the date helpers of {@link Dated}) and the app (SDKAppID)
 * it belongs to, null when the request names none.
 */
public interface UsageFact extends Dated {

    String appId();
}
