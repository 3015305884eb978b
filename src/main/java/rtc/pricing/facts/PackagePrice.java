package rtc.pricing.facts;

import java.math.BigDecimal;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The answer to a {@link PackagePriceQuestion}: sold as a {@code FIXED} package or a {@code CUSTOM} one, at
 * {@code price} CNY, with the tier's unit prices (shown per thousand, real per minute) and discount.
 */
public record PackagePrice(BigDecimal thousandMinutes, Kind kind, BigDecimal unitPricePerThousand,
        BigDecimal unitPricePerMinute, BigDecimal price, String discount, String rule) {

    public enum Kind { FIXED, CUSTOM }

    /** The fixed package of that size, at its own price. */
    public static PackagePrice fixed(PackagePriceQuestion q, FixedPackage fixed, TierPrice tier, ShownUnitPrice shown,
            RuleContext kcontext) {
        return new PackagePrice(q.thousandMinutes(), Kind.FIXED, shown.perThousand(), tier.perMinute(), fixed.price(),
                fixed.discount(), kcontext.getRule().getName());
    }

    /** A custom package of its tier, at {@code price}. */
    public static PackagePrice custom(PackagePriceQuestion q, CustomTier custom, TierPrice tier, ShownUnitPrice shown,
            BigDecimal price, RuleContext kcontext) {
        return new PackagePrice(q.thousandMinutes(), Kind.CUSTOM, shown.perThousand(), tier.perMinute(), price,
                custom.discount(), kcontext.getRule().getName());
    }
}
