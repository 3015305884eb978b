package rtc.pricing.facts;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.kie.api.definition.type.ClassReactive;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A price of the catalogue, in CNY per 1,000 minutes, stated by a price-list rule, for the usage dates it applies
 * to: from {@code validFrom} to {@code validUntil}, both inclusive, null meaning without limit. "New prices from
 * 2023-01-01" is a row {@code .startingOn("2023-01-01")} beside the old one {@code .endingOn("2022-12-31")}.
 * {@code book}: the contract price book the row belongs to ({@code .inBook("name")}); null for list prices.
 */
@ClassReactive // never modified, and matched by date through appliesOn: property reactivity has nothing to track
public record Price(BillingItem item, BigDecimal perThousandMinutes, LocalDate validFrom, LocalDate validUntil,
        String book, String rule) {

    public static Price audio(Service service, Mode mode, String perThousandMinutes, RuleContext kcontext) {
        return new Price(BillingItem.audio(service, mode), new BigDecimal(perThousandMinutes), null, null, null,
                kcontext.getRule().getName());
    }

    /** The old billing mode's unified base-service minute; only contract books price it ({@code .inBook}). */
    public static Price unified(Service service, String perThousandMinutes, RuleContext kcontext) {
        return new Price(BillingItem.unified(service), new BigDecimal(perThousandMinutes), null, null, null,
                kcontext.getRule().getName());
    }

    public static Price video(Service service, String tier, Mode mode, Codec codec, String perThousandMinutes,
            RuleContext kcontext) {
        return new Price(BillingItem.video(service, tier, mode, codec), new BigDecimal(perThousandMinutes), null, null,
                null, kcontext.getRule().getName());
    }

    /** This price for usage on and after {@code isoDate} only. */
    public Price startingOn(String isoDate) {
        return new Price(item, perThousandMinutes, LocalDate.parse(isoDate), validUntil, book, rule);
    }

    /** This price for usage up to and including {@code isoDate} only. */
    public Price endingOn(String isoDate) {
        return new Price(item, perThousandMinutes, validFrom, LocalDate.parse(isoDate), book, rule);
    }

    /** This price as a row of the contract price book {@code name}, replacing the list price for its item. */
    public Price inBook(String name) {
        return new Price(item, perThousandMinutes, validFrom, validUntil, name, rule);
    }

    /** Whether this price applies to usage of billing day {@code date}. */
    public boolean appliesOn(LocalDate date) {
        return (validFrom == null || !date.isBefore(validFrom)) && (validUntil == null || !date.isAfter(validUntil));
    }
}
