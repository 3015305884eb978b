package rtc.pricing.facts;

import java.math.BigDecimal;

/** What a package of {@code thousandMinutes} thousand general minutes costs (a whole number of minutes, > 0). */
public record PackagePriceQuestion(BigDecimal thousandMinutes) {

    /** Its general minutes. */
    public BigDecimal minutes() {
        return thousandMinutes.movePointRight(3);
    }
}
