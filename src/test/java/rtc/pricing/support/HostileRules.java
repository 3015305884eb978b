package rtc.pricing.support;

/** Rule files an analyst should never manage to put into service, shared by the tests that try. */
public final class HostileRules {

    private HostileRules() {
    }

    /** Each format begets a taller one, forever: without a budget it fires until the heap is gone. */
    public static final String RUNAWAY = """
            package pricing;
            import rtc.pricing.facts.VideoFormat;
            rule "A format begets a taller one"
            when $f : VideoFormat()
            then insert(VideoFormat.of($f.width(), $f.height() + 1));
            end
            """;
}
