package rtc.pricing.packages;

import java.util.List;
import java.util.Map;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.HeldPackage;

/**
 * A validated deduction replay (api.md POST /v1/deductions): the account, the packages it holds and its
 * base-service usage, one entry per app, 5-minute interval and item as sent (several may add up). {@code carried}:
 * the seconds already taken on the first day before this usage, per app and item (the ledger extends a day with its
 * new reports instead of replaying it whole); empty for a replay from 00:00. {@code newModeFrom}: for an old-mode
 * account that leaves the old mode during the replay (the ledger's day of a purchase or a conversion), the epoch
 * second from which its usage is in the new mode: intervals starting from then are new-mode items, those before
 * unified minutes; {@link Long#MAX_VALUE} when the mode does not change.
 */
public record DeductionInput(Account account, List<HeldPackage> packages, List<Usage> usage,
        Map<String, Map<String, Long>> carried, long newModeFrom) {

    /** A replay from the start of its first day. */
    public DeductionInput(Account account, List<HeldPackage> packages, List<Usage> usage) {
        this(account, packages, usage, Map.of());
    }

    /** A replay of an account that stays in its mode throughout. */
    public DeductionInput(Account account, List<HeldPackage> packages, List<Usage> usage,
            Map<String, Map<String, Long>> carried) {
        this(account, packages, usage, carried, Long.MAX_VALUE);
    }

    /** The key of an item in {@link #carried}: its tier, "" for audio, "UNIFIED" for the old mode's minute. */
    public static final String AUDIO = "";
    public static final String UNIFIED = "UNIFIED";

    /**
     * Seconds of one app in the 5-minute interval starting at {@code interval} (epoch second), of audio
     * ({@code tier} null) or a video tier; {@code pointer} names it in the request, for errors found later.
     */
    public record Usage(String appId, long interval, boolean video, String tier, long seconds, String pointer) {
    }
}
