package rtc.pricing.facts;

/**
 * The question the running-out rules answer for a replay: what happens to a usage minute no package covers, while
 * the account holds an effective purchased package ({@code holdsPurchased}: all exhausted, expired or too small)
 * or not, and while postpaid is on or off. The replay asks all four at once.
 */
public record RunOut(boolean holdsPurchased, boolean postpaid) {
}
