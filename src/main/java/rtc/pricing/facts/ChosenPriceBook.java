package rtc.pricing.facts;

/** The contract price book a quote is priced with (the request's {@code priceBook}); absent for list prices. */
public record ChosenPriceBook(String name) {
}
