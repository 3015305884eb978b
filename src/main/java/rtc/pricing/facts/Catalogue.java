package rtc.pricing.facts;

/**
 * Present only in the session that reads the catalogue, once per rule set: rules that state it (the video tiers)
 * match it ({@code when Catalogue()}), so the catalogue is read once rather than in every quote.
 */
public record Catalogue() {
}
