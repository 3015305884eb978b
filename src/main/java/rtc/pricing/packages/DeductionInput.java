package rtc.pricing.packages;

import java.util.List;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.HeldPackage;

/**
 * A validated deduction replay (api.md POST /v1/deductions): the account, the packages it holds and its
 * base-service usage, one entry per app, 5-minute interval and item as sent (several may add up).
 */
public record DeductionInput(Account account, List<HeldPackage> packages, List<Usage> usage) {

    /**
     * Seconds of one app in the 5-minute interval starting at {@code interval} (epoch second), of audio
     * ({@code tier} null) or a video tier; {@code pointer} names it in the request, for errors found later.
     */
    public record Usage(String appId, long interval, boolean video, String tier, long seconds, String pointer) {
    }
}
