package rtc.pricing.facts;

/**
 * The question the running-out rules answer for a replay: a usage minute no package covers, while the account
 * holds an effective purchased package ({@code holdsPurchased}: all exhausted, expired or too small) or not.
 */
public record RunOut(boolean holdsPurchased) {
}
