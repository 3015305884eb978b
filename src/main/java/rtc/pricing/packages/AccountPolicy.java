package rtc.pricing.packages;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.AccountMode;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.BillingModeQuestion;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.LegacyConversion;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.PurchaseEligibility;
import rtc.pricing.facts.PurchaseQuestion;
import rtc.pricing.facts.RefundDecision;
import rtc.pricing.facts.RefundRequest;
import rtc.pricing.facts.TrialDecision;
import rtc.pricing.facts.TrialRequest;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * What the account rules decide, for the ledger (policy §6, §6a): an account's billing mode, the conversion of old
 * packages, whether it may buy a general package, whether it gets the trial, and whether a package is refunded.
 * Every decision is taken by the named rules of legacy-plans.drl, trial.drl and refunds.drl (and the package terms
 * of packages.drl); this class only asks them and combines their answers: where several rules answer, a refusal by
 * any of them wins, and the answer names the first refusing rule in the order of the rule files. Instants are read
 * in the billing zone. Stateless and thread-safe; every method takes the rule set to ask, and a listener that
 * hears the name of every rule that fires (null: none).
 */
public final class AccountPolicy {

    /** The account's mode now ({@code mode} since {@code since}), and every mode it was in, oldest first. */
    public record Mode(BillingMode mode, ZonedDateTime since, String rule, List<AccountMode> history) {

        /** The mode at {@code instant}: the last change by then, or the first mode for an earlier instant. */
        public BillingMode at(ZonedDateTime instant) {
            BillingMode at = history.get(0).mode();
            for (AccountMode m : history) {
                if (!m.since().isAfter(instant)) {
                    at = m.mode();
                }
            }
            return at;
        }
    }

    /**
     * An old-mode package the account holds: {@code remaining} minutes left, valid through {@code expiresOn}, and,
     * when {@code remaining} is 0, the billing day it was used up ({@code usedUpOn}; null otherwise or unknown).
     */
    public record OldPackage(String packageId, PackageKind kind, long remaining, LocalDate expiresOn,
            LocalDate usedUpOn) {
    }

    /** An old package converted: {@code remaining × factor} general minutes, with the old package's expiry. */
    public record Converted(String packageId, PackageKind kind, long remaining, int factor, long generalMinutes,
            LocalDate expiresOn, String rule) {
    }

    /** Whether the account may buy a general package then, from which billing day it may, why, and by which rule. */
    public record Eligibility(boolean eligible, LocalDate from, String reason, String rule) {
    }

    /** Whether the trial is granted, its minutes (0 if not), why, and by which rule. */
    public record Trial(boolean granted, long minutes, String reason, String rule) {
    }

    /**
     * Whether the package is refunded; {@code until}: its refund deadline (null for anything but a purchased
     * general package); why, and by which rule; {@code refusals}: every refusing rule.
     */
    public record Refund(boolean refundable, ZonedDateTime until, String reason, String rule, List<String> refusals) {
    }

    private final ZoneId zone;
    private final RuleBudget budget;

    public AccountPolicy(ZoneId zone, RuleBudget budget) {
        this.zone = zone;
        this.budget = budget;
    }

    /**
     * The billing mode of an account registered at {@code registeredAt} that bought its first general package at
     * {@code boughtGeneralPackageAt} and converted its old packages at {@code convertedAt} (null: not yet). Of two
     * changes to the same mode the first counts.
     */
    public Mode billingMode(RuleSet rules, ZonedDateTime registeredAt, ZonedDateTime boughtGeneralPackageAt,
            ZonedDateTime convertedAt, Consumer<String> fired) {
        Collection<AccountMode> modes = ask(rules, fired, AccountMode.class, new BillingModeQuestion(
                local(registeredAt), boughtGeneralPackageAt == null ? null : local(boughtGeneralPackageAt),
                convertedAt == null ? null : local(convertedAt)));
        List<AccountMode> history = new ArrayList<>();
        for (AccountMode m : modes.stream().sorted(Comparator.comparing(AccountMode::since)).toList()) {
            if (history.isEmpty() || history.get(history.size() - 1).mode() != m.mode()
                    || history.get(history.size() - 1).since().isEqual(m.since())) {
                history.add(m);
            }
        }
        if (history.isEmpty()) {
            throw new RulesDefectException("no rule gives the billing mode of an account registered at "
                    + registeredAt);
        }
        AccountMode now = history.get(history.size() - 1);
        if (history.stream().filter(m -> m.since().isEqual(now.since())).map(AccountMode::mode).distinct().count() > 1) {
            throw new RulesDefectException("rules " + history.stream().map(AccountMode::rule).toList()
                    + " give an account two billing modes from " + now.since());
        }
        return new Mode(now.mode(), now.since(), now.rule(), history);
    }

    /** The general minutes each old package converts to, by the factors the rules state. */
    public List<Converted> convert(RuleSet rules, List<OldPackage> packages) {
        List<LegacyConversion> factors = RuleCatalogue.of(rules, budget).stated(LegacyConversion.class);
        List<Converted> out = new ArrayList<>();
        for (OldPackage p : packages) {
            List<LegacyConversion> f = factors.stream().filter(c -> c.kind() == p.kind()).toList();
            if (f.size() != 1 || f.get(0).factor() < 1) {
                throw new RulesDefectException(f.isEmpty() ? "no rule states how " + p.kind() + " packages convert"
                        : "rules " + f.stream().map(LegacyConversion::rule).toList() + " state " + f.size()
                                + " conversions of " + p.kind() + " packages; exactly one, of at least 1, must");
            }
            out.add(new Converted(p.packageId(), p.kind(), p.remaining(), f.get(0).factor(),
                    Math.multiplyExact(p.remaining(), f.get(0).factor()), p.expiresOn(), f.get(0).rule()));
        }
        return out;
    }

    /**
     * May an account in {@code mode} holding {@code oldPackages} buy a general package at {@code at}? An old
     * package counts as left while it has minutes and its last valid day is not past; it ended on the day it was
     * used up, or on its last valid day.
     */
    public Eligibility purchaseEligibility(RuleSet rules, BillingMode mode, List<OldPackage> oldPackages,
            ZonedDateTime at, Consumer<String> fired) {
        ZonedDateTime when = local(at);
        LocalDate day = when.toLocalDate();
        boolean left = false;
        LocalDate lastEnded = null;
        for (OldPackage p : oldPackages) {
            if (p.remaining() > 0 && !p.expiresOn().isBefore(day)) {
                left = true;
                continue;
            }
            LocalDate ended = p.remaining() > 0 || p.usedUpOn() == null ? p.expiresOn() : p.usedUpOn();
            if (p.remaining() == 0 && p.usedUpOn() != null && p.usedUpOn().isAfter(p.expiresOn())) {
                ended = p.expiresOn();
            }
            if (lastEnded == null || ended.isAfter(lastEnded)) {
                lastEnded = ended;
            }
        }
        List<PurchaseEligibility> answers = List.copyOf(ask(rules, fired, PurchaseEligibility.class,
                new PurchaseQuestion(mode, left, lastEnded, when)));
        PurchaseEligibility decisive = decisive(rules, answers, PurchaseEligibility::eligible,
                PurchaseEligibility::rule, "whether a " + mode + " account may buy a general package");
        LocalDate from = decisive.from() != null ? decisive.from()
                : answers.stream().map(PurchaseEligibility::from).filter(f -> f != null).findFirst().orElse(null);
        return new Eligibility(answers.stream().noneMatch(a -> !a.eligible()), from, decisive.reason(),
                decisive.rule());
    }

    /** Does an account whose first app was created at {@code firstAppCreatedAt} (null: no app) get the trial? */
    public Trial trial(RuleSet rules, ZonedDateTime firstAppCreatedAt, boolean alreadyGranted,
            Consumer<String> fired) {
        List<TrialDecision> answers = List.copyOf(ask(rules, fired, TrialDecision.class,
                new TrialRequest(firstAppCreatedAt == null ? null : local(firstAppCreatedAt), alreadyGranted)));
        TrialDecision decisive = decisive(rules, answers, TrialDecision::granted, TrialDecision::rule,
                "whether the account gets the free trial");
        boolean granted = answers.stream().allMatch(TrialDecision::granted);
        return new Trial(granted, granted ? decisive.minutes() : 0, decisive.reason(), decisive.rule());
    }

    /** Is {@code held} refunded if asked at {@code at}? The package rules state its refund deadline. */
    public Refund refund(RuleSet rules, HeldPackage held, ZonedDateTime at, boolean stoppedForViolation,
            Consumer<String> fired) {
        HeldPackage p = new HeldPackage(held.packageId(), held.kind(), held.minutes(), held.used(),
                local(held.acquiredAt()), held.convertedExpiresOn());
        List<RefundDecision> answers = List.copyOf(ask(rules, fired, RefundDecision.class, p,
                new RefundRequest(p.packageId(), local(at), stoppedForViolation)));
        RefundDecision decisive = decisive(rules, answers, RefundDecision::refundable, RefundDecision::rule,
                "whether package " + p.packageId() + " is refunded");
        ZonedDateTime until = answers.stream().map(RefundDecision::until).filter(u -> u != null).findFirst()
                .orElse(null);
        List<String> refusals = answers.stream().filter(a -> !a.refundable()).map(RefundDecision::rule)
                .sorted(ruleOrder(rules)).toList();
        return new Refund(refusals.isEmpty(), until, decisive.reason(), decisive.rule(), refusals);
    }

    private ZonedDateTime local(ZonedDateTime t) {
        return t.withZoneSameInstant(zone);
    }

    private <T> Collection<T> ask(RuleSet rules, Consumer<String> fired, Class<T> answer, Object... facts) {
        try (BudgetedSession session = rules.newSession(budget, fired)) {
            for (Object f : facts) {
                session.insert(f);
            }
            session.fire();
            return List.copyOf(session.facts(answer));
        }
    }

    /**
     * The answer that decides: the first refusal in rule-file order if any rule refuses, else the first grant;
     * no answer at all is a defect of the rules.
     */
    private static <T> T decisive(RuleSet rules, List<T> answers, Predicate<T> yes,
            java.util.function.Function<T, String> rule, String what) {
        if (answers.isEmpty()) {
            throw new RulesDefectException("no rule decides " + what);
        }
        Comparator<T> order = Comparator.comparing(rule, ruleOrder(rules));
        return answers.stream().filter(yes.negate()).min(order)
                .orElseGet(() -> answers.stream().min(order).orElseThrow());
    }

    /** Rules in the order of their files and lines. */
    private static Comparator<String> ruleOrder(RuleSet rules) {
        return Comparator.comparing((String r) -> String.valueOf(rules.fileOf(r))).thenComparingInt(rules::lineOf)
                .thenComparing(Comparator.naturalOrder());
    }
}
