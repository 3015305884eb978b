package rtc.pricing.settle;

import java.math.BigDecimal;

/** How amounts are written: exact, plain notation, at least two decimals ("1.20", "0.168", "5.04"). */
public final class Money {

    private Money() {
    }

    public static String format(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }
}
