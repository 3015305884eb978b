package rtc.pricing.advice;

import java.time.LocalDate;
import java.util.List;

import rtc.pricing.facts.Category;
import rtc.pricing.quote.QuoteInput;

/**
 * A package-advice question, read and checked (api.md POST /v1/package-advice): either a month's base-service
 * minutes per item priced on {@code date}, or a quote request whose base-service lines give the minutes (and
 * their own billing days the prices).
 */
public record AdviceRequest(List<Usage> usage, LocalDate date, QuoteInput quote) {

    /** One item's minutes of the month; {@code pointer} names the entry in the request. */
    public record Usage(Category category, String tier, long minutes, String pointer) {
    }

    public boolean quoteForm() {
        return quote != null;
    }
}
