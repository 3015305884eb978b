package rtc.pricing.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.VideoFormat;
import rtc.pricing.http.BodyBinder;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;

/** The account rules of the fixture (legacy-plans.drl, trial.drl, refunds.drl) through the facade the ledger calls. */
class AccountPolicyTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final RuleSet RULES = compile();
    private final AccountPolicy policy = new AccountPolicy(ZONE, RuleBudget.DEFAULT);

    private static RuleSet compile() {
        RuleCompiler.Result result = new RuleCompiler(VideoFormat.class).compile(RulesFolder.FIXTURE);
        assertTrue(result.ok(), () -> "fixture rules do not compile: " + result.problems());
        return result.ruleSet();
    }

    private static ZonedDateTime at(String iso) {
        return ZonedDateTime.parse(iso);
    }

    @Test
    void billingModeFollowsTheRegistrationDayInTheBillingZone() {
        assertEquals(BillingMode.LEGACY, policy.billingMode(RULES, at("2019-10-10T23:59:59+08:00"), null, null, null).mode());
        assertEquals(BillingMode.NEW, policy.billingMode(RULES, at("2019-10-11T00:00:00+08:00"), null, null, null).mode());
        // 2019-10-10T16:00Z is 2019-10-11 00:00 in Shanghai; 15:59:59Z is still the 10th there
        assertEquals(BillingMode.NEW, policy.billingMode(RULES, at("2019-10-10T16:00:00Z"), null, null, null).mode());
        assertEquals(BillingMode.LEGACY, policy.billingMode(RULES, at("2019-10-10T15:59:59Z"), null, null, null).mode());
    }

    @Test
    void buyingAGeneralPackageMovesALegacyAccountToTheNewModeFromThePurchase() {
        List<String> fired = new ArrayList<>();
        AccountPolicy.Mode m = policy.billingMode(RULES, at("2018-05-01T10:00:00+08:00"),
                at("2022-04-01T10:00:00+08:00"), null, fired::add);
        assertEquals(BillingMode.NEW, m.mode());
        assertTrue(m.since().isEqual(at("2022-04-01T10:00:00+08:00")));
        assertEquals("Buying a general package moves an old-mode account to the new mode from the purchase on", m.rule());
        assertEquals(List.of(BillingMode.LEGACY, BillingMode.NEW), m.history().stream().map(h -> h.mode()).toList());
        assertTrue(fired.contains("An account registered before 2019-10-11 is in the old billing mode"));
        // a new-mode account stays new, with one mode only
        AccountPolicy.Mode n = policy.billingMode(RULES, at("2021-01-01T10:00:00+08:00"),
                at("2022-04-01T10:00:00+08:00"), null, null);
        assertEquals(1, n.history().size());
        assertEquals(BillingMode.NEW, n.mode());
    }

    @Test
    void ofAPurchaseAndAConversionTheFirstMovesTheAccountAndTheModeAtAnInstantFollowsTheHistory() {
        AccountPolicy.Mode m = policy.billingMode(RULES, at("2018-05-01T10:00:00+08:00"),
                at("2022-04-01T10:00:00+08:00"), at("2022-03-10T12:00:00+08:00"), null);
        assertEquals(List.of(BillingMode.LEGACY, BillingMode.NEW), m.history().stream().map(h -> h.mode()).toList());
        assertTrue(m.since().isEqual(at("2022-03-10T12:00:00+08:00")));
        assertEquals("Converting its old packages moves an old-mode account to the new mode from the conversion on",
                m.rule());
        assertEquals(BillingMode.LEGACY, m.at(at("2022-03-10T11:59:59+08:00")));
        assertEquals(BillingMode.NEW, m.at(at("2022-03-10T12:00:00+08:00")));
        assertEquals(BillingMode.LEGACY, m.at(at("2017-01-01T00:00:00+08:00")));
    }

    @Test
    void oldPackagesConvertAtOneTwoAndFour() {
        List<AccountPolicy.Converted> c = policy.convert(RULES, List.of(
                new AccountPolicy.OldPackage("v", PackageKind.LEGACY_VOICE, 1, LocalDate.parse("2022-12-31"), null),
                new AccountPolicy.OldPackage("s", PackageKind.LEGACY_SD, 1, LocalDate.parse("2022-12-31"), null),
                new AccountPolicy.OldPackage("h", PackageKind.LEGACY_HD, 100, LocalDate.parse("2022-11-30"), null)));
        assertEquals(List.of(1, 2, 4), c.stream().map(AccountPolicy.Converted::factor).toList());
        assertEquals(List.of(1L, 2L, 400L), c.stream().map(AccountPolicy.Converted::generalMinutes).toList());
        assertEquals(LocalDate.parse("2022-11-30"), c.get(2).expiresOn());
    }

    private static final List<AccountPolicy.OldPackage> USED_UP_IN_MARCH = List.of(
            new AccountPolicy.OldPackage("sd", PackageKind.LEGACY_SD, 0, LocalDate.parse("2022-12-31"),
                    LocalDate.parse("2022-03-31")),
            new AccountPolicy.OldPackage("hd", PackageKind.LEGACY_HD, 0, LocalDate.parse("2022-12-31"),
                    LocalDate.parse("2022-02-10")));

    @Test
    void aLegacyAccountMayBuyFromTheFirstDayOfTheMonthAfterItsLastOldPackageEnded() {
        AccountPolicy.Eligibility onTheLastDay = policy.purchaseEligibility(RULES, BillingMode.LEGACY,
                USED_UP_IN_MARCH, at("2022-03-31T23:59:59+08:00"), null);
        assertFalse(onTheLastDay.eligible());
        assertEquals(LocalDate.parse("2022-04-01"), onTheLastDay.from());
        AccountPolicy.Eligibility nextMonth = policy.purchaseEligibility(RULES, BillingMode.LEGACY, USED_UP_IN_MARCH,
                at("2022-04-01T00:00:00+08:00"), null);
        assertTrue(nextMonth.eligible());
        assertEquals(LocalDate.parse("2022-04-01"), nextMonth.from());
        // 2022-03-31T16:00Z is already 2022-04-01 in the billing zone
        assertTrue(policy.purchaseEligibility(RULES, BillingMode.LEGACY, USED_UP_IN_MARCH,
                at("2022-03-31T16:00:00Z"), null).eligible());
        assertEquals("An old-mode account may buy a general package from the first day of the month after its last"
                + " old package was used up or expired", nextMonth.rule());
    }

    @Test
    void aLegacyAccountWithOldMinutesLeftMayNotBuyAndANewOneAlwaysMay() {
        List<AccountPolicy.OldPackage> left = List.of(new AccountPolicy.OldPackage("hd", PackageKind.LEGACY_HD, 50,
                LocalDate.parse("2022-12-31"), null));
        AccountPolicy.Eligibility e = policy.purchaseEligibility(RULES, BillingMode.LEGACY, left,
                at("2022-06-01T09:00:00+08:00"), null);
        assertFalse(e.eligible());
        assertNull(e.from());
        // the same package once expired (its last valid day 2022-12-31): from 2023-01-01
        AccountPolicy.Eligibility expired = policy.purchaseEligibility(RULES, BillingMode.LEGACY, left,
                at("2023-01-01T00:00:00+08:00"), null);
        assertTrue(expired.eligible());
        assertEquals(LocalDate.parse("2023-01-01"), expired.from());
        assertTrue(policy.purchaseEligibility(RULES, BillingMode.NEW, left, at("2022-06-01T09:00:00+08:00"), null)
                .eligible());
    }

    @Test
    void theTrialIsTenThousandMinutesOnceForAppsFrom20191011() {
        AccountPolicy.Trial first = policy.trial(RULES, at("2019-10-11T00:00:00+08:00"), false, null);
        assertTrue(first.granted());
        assertEquals(10_000, first.minutes());
        AccountPolicy.Trial second = policy.trial(RULES, at("2019-10-11T00:00:00+08:00"), true, null);
        assertFalse(second.granted());
        assertEquals(0, second.minutes());
        assertEquals("The free trial is granted once per account", second.rule());
        AccountPolicy.Trial early = policy.trial(RULES, at("2019-10-10T23:59:59+08:00"), false, null);
        assertFalse(early.granted());
        assertEquals("An account whose first app was created before 2019-10-11 receives no free trial", early.rule());
        assertFalse(policy.trial(RULES, null, false, null).granted());
        // both refusals: the first in the rule file names the answer
        AccountPolicy.Trial both = policy.trial(RULES, at("2019-10-10T23:59:59+08:00"), true, null);
        assertFalse(both.granted());
        assertEquals("An account whose first app was created before 2019-10-11 receives no free trial", both.rule());
    }

    private static HeldPackage bought(long used) {
        return new HeldPackage("p1", PackageKind.GENERAL, 25_000, used, at("2022-02-01T08:00:00+08:00"));
    }

    @Test
    void e14RefundableUntilTheLastSecondOfTheFifthDay() {
        List<String> fired = new ArrayList<>();
        AccountPolicy.Refund r = policy.refund(RULES, bought(0), at("2022-02-06T07:59:59+08:00"), false, fired::add);
        assertTrue(r.refundable());
        assertEquals("2022-02-06T07:59:59+08:00", r.until().toOffsetDateTime().toString());
        assertEquals(List.of(), r.refusals());
        assertTrue(fired.contains("A purchased general package may be refunded until 5 days after payment, less one"
                + " second"), "the deadline comes from packages.drl");
        AccountPolicy.Refund late = policy.refund(RULES, bought(0), at("2022-02-06T08:00:00+08:00"), false, null);
        assertFalse(late.refundable());
        assertEquals("No refund after the refund deadline", late.rule());
        // the deadline is read in the billing zone, whatever offset the purchase was given in
        AccountPolicy.Refund utc = policy.refund(RULES, new HeldPackage("p1", PackageKind.GENERAL, 25_000, 0,
                at("2022-02-01T00:00:00Z")), at("2022-02-05T23:59:59Z"), false, null);
        assertTrue(utc.refundable());
        assertEquals("2022-02-06T07:59:59+08:00", utc.until().toOffsetDateTime().toString());
    }

    @Test
    void noRefundOnceUsedAfterAViolationStopOrForTheTrial() {
        AccountPolicy.Refund used = policy.refund(RULES, bought(1), at("2022-02-02T08:00:00+08:00"), false, null);
        assertFalse(used.refundable());
        assertEquals("2022-02-06T07:59:59+08:00", used.until().toOffsetDateTime().toString());
        assertEquals("A package that covered any usage is not refunded", used.rule());
        AccountPolicy.Refund stopped = policy.refund(RULES, bought(0), at("2022-02-02T08:00:00+08:00"), true, null);
        assertFalse(stopped.refundable());
        assertEquals("No refund once the account was stopped for a content violation", stopped.rule());
        AccountPolicy.Refund trial = policy.refund(RULES, new HeldPackage("t", PackageKind.TRIAL, 10_000, 0,
                at("2022-02-01T08:00:00+08:00")), at("2022-02-02T08:00:00+08:00"), false, null);
        assertFalse(trial.refundable());
        assertNull(trial.until());
        AccountPolicy.Refund all = policy.refund(RULES, bought(5), at("2022-03-01T08:00:00+08:00"), true, null);
        assertFalse(all.refundable());
        assertEquals(3, all.refusals().size(), all.refusals().toString());
        assertEquals("No refund after the refund deadline", all.rule());
    }

    @Test
    void conversionRequestsAreBoundStrictly() throws Exception {
        ObjectMapper json = new ObjectMapper();
        BodyBinder binder = BodyBinder.standalone();
        // Unknown fields and wrong values are collected through the whole body, then each constraint.
        InputException e = assertThrows(InputException.class, () -> binder.bind(json.readTree("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": -1, "expiresOn": "2022-12-31"},
                              {"packageId": "b", "kind": "TRIAL", "remaining": 1, "expiresOn": "2022-12", "x": 1}],
                 "extra": true}"""), LegacyConversions.Request.class, ""));
        assertEquals(List.of("/extra", "/packages/0/remaining", "/packages/1/expiresOn", "/packages/1/kind",
                "/packages/1/x"), e.errors().stream().map(f -> f.pointer()).toList());
        // A fraction for a whole number stops the binding where it is.
        e = assertThrows(InputException.class, () -> binder.bind(json.readTree("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": 1.5, "expiresOn": "2022-12-31",
                               "x": 1}]}"""), LegacyConversions.Request.class, ""));
        assertEquals(List.of("/packages/0/remaining"), e.errors().stream().map(f -> f.pointer()).toList());
        // Across fields: a day that does not exist, a packageId repeated.
        LegacyConversions.Request bound = binder.bind(json.readTree("""
                {"packages": [{"packageId": "a", "kind": "LEGACY_SD", "remaining": 1, "expiresOn": "2022-02-30"},
                              {"packageId": "a", "kind": "LEGACY_HD", "remaining": 1, "expiresOn": "2022-12-31"}]}
                """), LegacyConversions.Request.class, "");
        e = assertThrows(InputException.class, bound::checked);
        assertEquals(List.of("/packages/0/expiresOn", "/packages/1/packageId"),
                e.errors().stream().map(f -> f.pointer()).toList());
    }
}
