package rtc.pricing.facts;

/**
 * Present only in the session that reads the price list. Price-list rules match it ({@code when PriceList()}),
 * so the list is read once per rule set rather than in every quote.
 */
public record PriceList() {
}
