package rtc.pricing.rules;

import java.util.List;
import java.util.Map;

/** STUB until the sandbox branch lands. */
public final class RuleSandbox {
    public static List<RuleProblem> check(Map<String, byte[]> drlFiles, RuleSources.Limits limits) {
        return List.of();
    }
}
