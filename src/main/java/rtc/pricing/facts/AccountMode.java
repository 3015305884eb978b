package rtc.pricing.facts;

import java.time.ZonedDateTime;

import org.kie.api.runtime.rule.RuleContext;

/**
 * An answer to a {@link BillingModeQuestion}: the account is in {@code mode} from {@code since} on, as a rule
 * decided. An account has one from its registration and another from each change; the latest is its mode now.
 */
public record AccountMode(BillingMode mode, ZonedDateTime since, String rule) {

    public static AccountMode of(BillingMode mode, ZonedDateTime since, RuleContext kcontext) {
        return new AccountMode(mode, since, kcontext.getRule().getName());
    }
}
