package rtc.pricing.facts;

import java.time.LocalDate;
import java.time.ZonedDateTime;

import org.kie.api.runtime.rule.RuleContext;

/**
 * One term of a held package, decided by a package rule: the first day whose usage it may cover
 * ({@code COVERS_FROM}), its last valid day ({@code EXPIRES_ON}), when it takes effect ({@code EFFECTIVE_AT}) or
 * the last moment it may be refunded ({@code REFUNDABLE_UNTIL}). Exactly one of {@code day} and {@code instant}
 * is set.
 */
public record PackageTerm(String packageId, Kind kind, LocalDate day, ZonedDateTime instant, String rule) {

    public enum Kind { COVERS_FROM, EXPIRES_ON, EFFECTIVE_AT, REFUNDABLE_UNTIL }

    public static PackageTerm coversFrom(HeldPackage p, LocalDate day, RuleContext kcontext) {
        return new PackageTerm(p.packageId(), Kind.COVERS_FROM, day, null, kcontext.getRule().getName());
    }

    public static PackageTerm expiresOn(HeldPackage p, LocalDate day, RuleContext kcontext) {
        return new PackageTerm(p.packageId(), Kind.EXPIRES_ON, day, null, kcontext.getRule().getName());
    }

    public static PackageTerm effectiveAt(HeldPackage p, ZonedDateTime at, RuleContext kcontext) {
        return new PackageTerm(p.packageId(), Kind.EFFECTIVE_AT, null, at, kcontext.getRule().getName());
    }

    public static PackageTerm refundableUntil(HeldPackage p, ZonedDateTime at, RuleContext kcontext) {
        return new PackageTerm(p.packageId(), Kind.REFUNDABLE_UNTIL, null, at, kcontext.getRule().getName());
    }
}
