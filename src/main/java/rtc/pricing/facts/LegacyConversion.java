package rtc.pricing.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * How an old-mode package converts to general minutes (policy §6a): each minute left of a {@code kind} package
 * gives {@code factor} general minutes (voice 1, SD 2, HD 4). Stated by a catalogue rule.
 */
public record LegacyConversion(PackageKind kind, int factor, String rule) implements Stated {

    public static LegacyConversion of(PackageKind kind, int factor, RuleContext kcontext) {
        return new LegacyConversion(kind, factor, kcontext.getRule().getName());
    }
}
