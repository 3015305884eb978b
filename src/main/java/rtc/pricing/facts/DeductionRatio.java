package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * What a package covers, stated by a catalogue rule ({@code when Catalogue()}): each usage minute of {@code item}
 * uses {@code packageMinutes} minutes of a package of {@code kind} (policy §6: general 1:2:4:9:16:36, trial 1:1).
 * A kind with no ratio for an item does not cover it.
 */
public record DeductionRatio(PackageKind kind, BillingItem item, int packageMinutes, String rule) implements Stated {

    /** A general package's ratio for audio; {@link #forKind} for another kind. */
    public static DeductionRatio audio(Service service, int packageMinutes, RuleContext kcontext) {
        return new DeductionRatio(PackageKind.GENERAL, BillingItem.audio(service, null), packageMinutes,
                kcontext.getRule().getName());
    }

    /** A general package's ratio for a video tier; {@link #forKind} for another kind. */
    public static DeductionRatio video(Service service, String tier, int packageMinutes, RuleContext kcontext) {
        return new DeductionRatio(PackageKind.GENERAL, BillingItem.video(service, tier, null, null), packageMinutes,
                kcontext.getRule().getName());
    }

    /** An old-mode package's ratio for the unified minute. */
    public static DeductionRatio unified(Service service, int packageMinutes, RuleContext kcontext) {
        return new DeductionRatio(PackageKind.GENERAL, BillingItem.unified(service), packageMinutes,
                kcontext.getRule().getName());
    }

    /** This ratio for packages of {@code other}. */
    public DeductionRatio forKind(PackageKind other) {
        return new DeductionRatio(other, item, packageMinutes, rule);
    }
}
