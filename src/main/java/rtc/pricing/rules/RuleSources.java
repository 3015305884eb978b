package rtc.pricing.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** STUB until the sandbox branch lands. */
public final class RuleSources {
    public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes, int maxRules) {
        public static final Limits DEFAULT = new Limits(200, 512 * 1024, 4 * 1024 * 1024, 2000);
    }

    public record Snapshot(Map<String, byte[]> files, List<RuleProblem> problems) {
    }

    public static Snapshot read(Path folder, Limits limits) {
        return new Snapshot(RuleCompiler.sources(folder), List.of());
    }
}
