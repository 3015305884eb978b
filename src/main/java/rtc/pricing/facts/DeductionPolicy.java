package rtc.pricing.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kie.api.runtime.rule.RuleContext;

/**
 * How usage minutes take package minutes, stated once by a catalogue rule: the order in which valid packages are
 * used ({@code order}, e.g. "EXPIRY, ACQUISITION, PACKAGE_ID"; the package id always breaks the last tie), and
 * whether a package covers only whole usage minutes ({@code wholeMinutes}: it needs at least the item's ratio of
 * package minutes left; otherwise its last few minutes cover one more usage minute and it ends at 0).
 */
public record DeductionPolicy(List<OrderKey> order, boolean wholeMinutes, String rule) implements Stated {

    /** What packages are ordered by, each ascending. */
    public enum OrderKey { EXPIRY, ACQUISITION, PACKAGE_ID }

    public static DeductionPolicy of(String order, boolean wholeMinutes, RuleContext kcontext) {
        List<OrderKey> keys = new ArrayList<>();
        for (String key : order.split(",")) {
            keys.add(OrderKey.valueOf(key.trim().toUpperCase(Locale.ROOT)));
        }
        return new DeductionPolicy(List.copyOf(keys), wholeMinutes, kcontext.getRule().getName());
    }
}
