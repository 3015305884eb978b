package rtc.pricing.facts;

/**
 * The account a deduction replay is for (api.md {@code account}): its billing mode, whether postpaid is on, what
 * the holder chose for when the trial runs out without postpaid, and its contract price book (null: list prices).
 */
public record Account(BillingMode mode, boolean postpaid, RunOutAction trialExhaustedAction, String priceBook) {
}
