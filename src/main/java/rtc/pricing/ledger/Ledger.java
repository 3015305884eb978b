package rtc.pricing.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.Account;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.Deductions;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.settle.Money;
import rtc.pricing.rules.RuleSet;

/**
 * The account side of the ledger (policy §6): accounts and their apps, the trial, purchases, refunds, top-ups and
 * postpaid. Every decision is the rules' ({@link AccountPolicy}: billing mode, trial, purchase eligibility, refund;
 * {@link PackagePrices}; package terms through {@link DeductionEngine}); this class records what they decided.
 * Each method runs inside the caller's transaction, holding the account's row lock, and writes its audit entry.
 */
public final class Ledger {

    /** Who asks, in which request: written into the audit with every change. */
    public record Actor(String name, String requestId) {
    }

    /** What a write answers: its status and body. */
    public record Written(int status, Object body) {
    }

    /** GET /v1/accounts/{id}: the account as of an instant. */
    public record AccountView(String accountId, String registeredAt, String mode, String modeSince, String status,
            String stopReason, boolean postpaid, String postpaidSince, String trialExhaustedAction, String priceBook,
            String balance, List<String> apps, List<PackageView> packages, String at, String rulesVersion) {
    }

    /** A package as of an instant: its figures and terms (as in /v1/deductions) and its state. */
    public record PackageView(String packageId, String kind, long minutes, long used, long remaining,
            String effectiveAt, String expiresOn, String refundableUntil, String state, String thousandMinutes,
            String price, String acquiredAt, String convertedFrom, String convertedTo, String convertedAt) {
    }

    /** An audit entry. */
    public record AuditEntry(long id, String at, String actor, String action, String detail, String requestId) {
    }

    private final ZoneId zone;
    private final AccountPolicy policy;
    private final PackagePrices prices;
    private final DeductionEngine terms;
    private final rtc.pricing.rules.RuleBudget budget;
    private final UsageIntake usage;

    public Ledger(ZoneId zone, AccountPolicy policy, PackagePrices prices, DeductionEngine terms,
            rtc.pricing.rules.RuleBudget budget, UsageIntake usage) {
        this.zone = zone;
        this.budget = budget;
        this.usage = usage;
        this.policy = policy;
        this.prices = prices;
        this.terms = terms;
    }

    // ---- writes ----

    public Written createAccount(Connection c, RuleSet rules, Actor actor, JsonNode body) throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "accountId", "registeredAt", "postpaid",
                "trialExhaustedAction", "priceBook");
        String id = in.id("accountId");
        ZonedDateTime registered = in.instant("registeredAt", LedgerRequests.EARLIEST_HISTORY_EPOCH_SECOND);
        boolean postpaid = in.flag("postpaid", false);
        String action = in.oneOf("trialExhaustedAction", java.util.Set.of("POSTPAID", "STOP"), "POSTPAID");
        String book = in.optionalText("priceBook");
        in.done();
        if (book != null && !rtc.pricing.catalogue.RuleCatalogue.of(rules, budget).books().contains(book)) {
            throw new InputException("/priceBook", "unknown price book '" + book + "'");
        }
        if (exists(c, "select 1 from account where account_id = ?", id)) {
            throw new ConflictException("account-exists", "account " + id + " exists already", null);
        }
        AccountPolicy.Mode mode = policy.billingMode(rules, registered, null, null, null);
        if (mode.mode() == BillingMode.LEGACY && book == null) {
            throw new InputException("/priceBook", "is required: an account registered at " + registered.toLocalDate()
                    + " is in the old billing mode (rule \"" + mode.rule() + "\"), whose minutes are priced by its"
                    + " contract price book");
        }
        update(c, "insert into account (account_id, registered_at, trial_exhausted_action, price_book, postpaid_since,"
                + " created_at) values (?, ?, ?, ?, ?, ?)", id, ts(registered), action, book,
                postpaid ? ts(registered) : null, now());
        audit(c, id, actor, "account.created", "registered " + registered.toOffsetDateTime() + ", mode " + mode.mode()
                + " (rule \"" + mode.rule() + "\"), postpaid " + postpaid + ", trial option " + action
                + (book == null ? "" : ", price book " + book));
        return new Written(201, view(c, rules, id, registered));
    }

    public Written addApp(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "appId", "createdAt");
        String appId = in.id("appId");
        ZonedDateTime created = in.instant("createdAt", LedgerRequests.EARLIEST_HISTORY_EPOCH_SECOND);
        in.done();
        lock(c, accountId);
        if (exists(c, "select 1 from app where app_id = ?", appId)) {
            throw new ConflictException("app-exists", "app " + appId + " belongs to an account already", null);
        }
        update(c, "insert into app (app_id, account_id, created_at) values (?, ?, ?)", appId, accountId, ts(created));
        audit(c, accountId, actor, "app.created", "app " + appId + " created " + created.toOffsetDateTime());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("appId", appId);
        out.put("accountId", accountId);
        out.put("createdAt", created.toOffsetDateTime().toString());
        return new Written(201, out);
    }

    public Written grantTrial(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "at");
        ZonedDateTime at = in.instant("at");
        in.done();
        lock(c, accountId);
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a trial granted at " + at.toOffsetDateTime(),
                "the trial covers its day from 00:00 and every later day");
        ZonedDateTime firstApp = instant(c, "select min(created_at) from app where account_id = ?", accountId);
        boolean granted = exists(c, "select 1 from package where account_id = ? and kind = 'TRIAL'", accountId);
        AccountPolicy.Trial trial = policy.trial(rules, firstApp, granted, null);
        if (!trial.granted()) {
            throw new ConflictException("trial-refused", trial.reason(), trial.rule());
        }
        String packageId = newPackageId();
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at) values (?, ?, ?, ?, 0,"
                + " ?)", packageId, accountId, PackageKind.TRIAL.name(), trial.minutes(), ts(at));
        audit(c, accountId, actor, "trial.granted", trial.minutes() + " minutes as " + packageId + " (rule \""
                + trial.rule() + "\")");
        usage.deduct(c, rules, accountId, at.toLocalDate()); // it covers its day's earlier minutes too (backfill)
        return new Written(201, packageView(c, rules, accountId, packageId, at));
    }

    public Written buyPackage(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "thousandMinutes", "paidAt");
        BigDecimal size = in.positive("thousandMinutes", PackagePrices.MAX_DECIMALS, PackagePrices.MAX_THOUSAND_MINUTES);
        ZonedDateTime paidAt = in.instant("paidAt");
        in.done();
        AccountRecord account = lock(c, accountId);
        refuseIfSettled(c, accountId, paidAt.toLocalDate(), paidAt, "a purchase at " + paidAt.toOffsetDateTime(),
                "a package covers its purchase day from 00:00 and every later day");
        BillingMode mode = mode(c, rules, account, null).at(paidAt);
        AccountPolicy.Eligibility may = policy.purchaseEligibility(rules, mode, oldPackages(c, rules, account), paidAt,
                null);
        if (!may.eligible()) {
            throw new ConflictException("purchase-refused", may.reason(), may.rule());
        }
        PackagePrices.Answer price = prices.price(rules, size, null);
        BigDecimal cost = new BigDecimal(price.price());
        BigDecimal balance = balance(c, accountId, paidAt);
        if (balance.compareTo(cost) < 0) {
            throw new ConflictException("insufficient-balance", "the package costs " + price.price() + " and the"
                    + " balance is " + Money.format(balance) + ": top up first", null);
        }
        String packageId = newPackageId();
        long minutes = size.movePointRight(3).longValueExact();
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at, thousand_minutes,"
                + " price) values (?, ?, ?, ?, 0, ?, ?, ?)", packageId, accountId, PackageKind.GENERAL.name(), minutes,
                ts(paidAt), size, cost);
        money(c, accountId, paidAt, cost.negate(), "PURCHASE", packageId);
        usage.deduct(c, rules, accountId, paidAt.toLocalDate()); // it covers its day's earlier minutes too (backfill)
        audit(c, accountId, actor, "package.bought", packageId + ": " + size.stripTrailingZeros().toPlainString()
                + " thousand minutes, " + price.kind() + ", " + price.price() + " (rule \"" + price.rule() + "\")"
                + (mode == BillingMode.LEGACY ? "; the account leaves the old billing mode" : ""));
        return new Written(201, packageView(c, rules, accountId, packageId, paidAt));
    }

    /**
     * Records an old voice, SD or HD package an old-mode account holds (carried over from its contract: the ledger
     * neither prices nor charges it). It covers the account's unified minutes from its day on.
     */
    public Written recordLegacyPackage(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "kind", "minutes", "acquiredAt");
        String kind = in.oneOf("kind", java.util.Set.of("LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD"));
        BigDecimal minutes = in.positive("minutes", 0, BigDecimal.valueOf(1_000_000_000L));
        ZonedDateTime acquiredAt = in.instant("acquiredAt", LedgerRequests.EARLIEST_HISTORY_EPOCH_SECOND);
        in.done();
        AccountRecord account = lock(c, accountId);
        refuseIfSettled(c, accountId, acquiredAt.toLocalDate(), acquiredAt, "an old package acquired at "
                + acquiredAt.toOffsetDateTime(), "an old package covers unified minutes from its day on");
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (mode.at(acquiredAt) != BillingMode.LEGACY) {
            throw new ConflictException("legacy-package-refused", "the account is in the new billing mode at "
                    + acquiredAt.toOffsetDateTime() + " (rule \"" + mode.rule() + "\"): old packages belong to the old"
                    + " mode", mode.rule());
        }
        String packageId = newPackageId();
        update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at) values (?, ?, ?, ?, 0,"
                + " ?)", packageId, accountId, kind, minutes.longValueExact(), ts(acquiredAt));
        usage.deduct(c, rules, accountId, acquiredAt.toLocalDate()); // it covers its day's earlier minutes too
        audit(c, accountId, actor, "legacy-package.recorded", packageId + ": " + kind + ", " + minutes + " minutes,"
                + " acquired " + acquiredAt.toOffsetDateTime());
        return new Written(201, packageView(c, rules, accountId, packageId, acquiredAt));
    }

    /**
     * Converts the old packages left at {@code at} into general packages (policy §6a): each old package with minutes
     * left and not expired becomes a general package of those minutes × the factor the rules state, valid through
     * the old package's last day; the account is in the new mode from {@code at} on, as the rules say. The old
     * package keeps the minutes it had used by then, whatever usage of earlier intervals is reported later.
     */
    public Written convertLegacy(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "at");
        ZonedDateTime at = in.instant("at");
        in.done();
        AccountRecord account = lock(c, accountId);
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a conversion at " + at.toOffsetDateTime(),
                "the account is in the new mode from then on, and its old packages keep only what they had used");
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (mode.at(at) != BillingMode.LEGACY) {
            throw new ConflictException("conversion-refused", "the account is in the new billing mode at "
                    + at.toOffsetDateTime() + ": it holds no old package to convert", mode.rule());
        }
        if (packages(c, accountId).stream().anyMatch(p -> p.acquiredAt.isAfter(at))) {
            throw new ConflictException("conversion-refused", "the account holds a package acquired after "
                    + at.toOffsetDateTime() + ": convert at or after the last acquisition", null);
        }
        List<PackageRow> rows = packages(c, accountId);
        Deductions.PackageState[] states = states(rules, account, rows);
        List<PackageRow> candidates = new ArrayList<>();
        Map<String, java.time.LocalDate> expiry = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            PackageRow p = rows.get(i);
            java.time.LocalDate last = java.time.LocalDate.parse(states[i].expiresOn());
            if (p.kind.legacy() && p.refundedAt == null && p.reclaimedAt == null && !last.isBefore(at.toLocalDate())) {
                candidates.add(p);
                expiry.put(p.id, last);
            }
        }
        // Usage from `at` on is the new mode's: replay with the conversion in place, so that the old packages keep
        // only what they covered before it.
        for (PackageRow p : candidates) {
            update(c, "update package set converted_at = ? where package_id = ?", ts(at), p.id);
        }
        usage.deduct(c, rules, accountId, at.toLocalDate());
        List<AccountPolicy.OldPackage> left = new ArrayList<>();
        Map<String, PackageRow> byId = new LinkedHashMap<>();
        for (PackageRow p : packages(c, accountId)) {
            if (expiry.containsKey(p.id)) {
                if (p.minutes > p.used) {
                    left.add(new AccountPolicy.OldPackage(p.id, p.kind, p.minutes - p.used, expiry.get(p.id), null));
                    byId.put(p.id, p);
                } else {
                    update(c, "update package set converted_at = null where package_id = ?", p.id); // used up before
                }
            }
        }
        if (left.isEmpty()) {
            throw new ConflictException("conversion-refused", "no old package has minutes left at "
                    + at.toOffsetDateTime() + ": nothing to convert", null);
        }
        List<Map<String, Object>> converted = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (AccountPolicy.Converted k : policy.convert(rules, left)) {
            PackageRow old = byId.get(k.packageId());
            String packageId = newPackageId();
            update(c, "update package set converted_used = ? where package_id = ?", old.used, old.id);
            update(c, "insert into package (package_id, account_id, kind, minutes, used, acquired_at, converted_from,"
                    + " converted_expires_on) values (?, ?, ?, ?, 0, ?, ?, ?)", packageId, accountId,
                    PackageKind.GENERAL.name(), k.generalMinutes(), ts(at), old.id, k.expiresOn());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("packageId", old.id);
            one.put("kind", k.kind().name());
            one.put("remaining", k.remaining());
            one.put("factor", k.factor());
            one.put("generalMinutes", k.generalMinutes());
            one.put("expiresOn", k.expiresOn().toString());
            one.put("rule", k.rule());
            one.put("convertedTo", packageId);
            converted.add(one);
            detail.append(detail.length() == 0 ? "" : "; ").append(old.id).append(" (").append(k.kind()).append(", ")
                    .append(k.remaining()).append(" left) → ").append(packageId).append(": ")
                    .append(k.generalMinutes()).append(" general minutes through ").append(k.expiresOn());
        }
        usage.deduct(c, rules, accountId, at.toLocalDate()); // the general packages cover the new mode's minutes
        AccountPolicy.Mode now = mode(c, rules, account, null);
        audit(c, accountId, actor, "legacy-packages.converted", detail + "; new billing mode from "
                + at.toOffsetDateTime() + " (rule \"" + now.rule() + "\")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("packages", converted);
        out.put("mode", now.at(at).name());
        out.put("modeSince", text(now.since()));
        out.put("modeRule", now.rule());
        return new Written(200, out);
    }

    public Written refund(Connection c, RuleSet rules, Actor actor, String accountId, String packageId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "at");
        ZonedDateTime at = in.instant("at");
        in.done();
        AccountRecord account = lock(c, accountId);
        PackageRow p = packages(c, accountId).stream().filter(r -> r.id.equals(packageId)).findFirst()
                .orElseThrow(() -> new rtc.pricing.problem.NotFoundException("account \"" + accountId
                        + "\" holds no package \"" + packageId + "\""));
        if (p.refundedAt != null) {
            throw new ConflictException("refund-refused", "package " + packageId + " was refunded already", null);
        }
        // A refunded purchase moves the account nowhere: if this one moved it out of the old mode, every day from
        // the purchase on goes back to the old mode; otherwise (never used) the refund changes the days from its own.
        if (!mode(c, rules, account, null, null).history().equals(mode(c, rules, account, null, packageId).history())) {
            refuseIfSettled(c, accountId, p.acquiredAt.toLocalDate(), at, "a refund at " + at.toOffsetDateTime()
                    + " of the package bought at " + p.acquiredAt.toOffsetDateTime(), "that purchase moved the account"
                    + " to the new billing mode: refunded, the account is in the old mode from the purchase on");
        }
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a refund at " + at.toOffsetDateTime(), "its price would be"
                + " back in the balance before that day's bill was charged");
        AccountPolicy.Refund r = policy.refund(rules, p.held(), at, account.violationStopAt() != null
                && !account.violationStopAt().isAfter(at), null);
        if (!r.refundable()) {
            throw new ConflictException("refund-refused", r.reason(), r.rule());
        }
        update(c, "update package set refunded_at = ? where package_id = ?", ts(at), packageId);
        usage.deduct(c, rules, accountId, p.acquiredAt.toLocalDate()); // never used: this changes no figure
        BigDecimal amount = p.price == null ? BigDecimal.ZERO : p.price;
        money(c, accountId, at, amount, "REFUND", packageId);
        audit(c, accountId, actor, "package.refunded", packageId + ": " + Money.format(amount) + " back to the balance"
                + " (rule \"" + r.rule() + "\")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("packageId", packageId);
        out.put("refunded", Money.format(amount));
        out.put("rule", r.rule());
        out.put("balance", Money.format(balance(c, accountId, at)));
        return new Written(200, out);
    }

    public Written topUp(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "amount", "at");
        BigDecimal amount = in.positive("amount", 2, LedgerRequests.MAX_AMOUNT);
        ZonedDateTime at = in.instant("at");
        in.done();
        lock(c, accountId);
        money(c, accountId, at, amount, "TOP_UP", null);
        audit(c, accountId, actor, "balance.topped-up", Money.format(amount) + " at " + at.toOffsetDateTime());
        return new Written(200, view(c, rules, accountId, at));
    }

    public Written enablePostpaid(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "at");
        ZonedDateTime at = in.instant("at");
        in.done();
        AccountRecord account = lock(c, accountId);
        if (account.postpaidSince() == null || account.postpaidSince().isAfter(at)) {
            update(c, "update account set postpaid_since = ? where account_id = ?", ts(at), accountId);
            audit(c, accountId, actor, "postpaid.enabled", "from " + at.toOffsetDateTime() + "; it cannot be disabled");
        }
        return new Written(200, view(c, rules, accountId, at));
    }

    /**
     * Changes the account's contract price book (null: the list prices) from the billing day of {@code at} on, until
     * a later change: a dated history, so each day is priced by the book in force on it and a bill keeps the book it
     * was priced with. A book prices a whole day, so the change needs that day and every later one unsettled.
     */
    public Written changePriceBook(Connection c, RuleSet rules, Actor actor, String accountId, JsonNode body)
            throws SQLException {
        LedgerRequests in = LedgerRequests.of(body, zone, "priceBook", "at");
        String book = in.presentText("priceBook", "the list prices");
        ZonedDateTime at = in.instant("at");
        in.done();
        if (book != null && !rtc.pricing.catalogue.RuleCatalogue.of(rules, budget).books().contains(book)) {
            throw new InputException("/priceBook", "unknown price book '" + book + "'");
        }
        AccountRecord account = lock(c, accountId);
        java.time.LocalDate from = at.toLocalDate();
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (book == null && mode.at(from.atStartOfDay(zone)) == BillingMode.LEGACY) {
            throw new InputException("/priceBook", "is required: the account is in the old billing mode on " + from
                    + ", whose minutes are priced by its contract price book");
        }
        refuseIfSettled(c, accountId, from, at, "a price-book change at " + at.toOffsetDateTime(),
                "a book prices its whole billing day and every later one");
        String before = account.priceBookOn(from);
        update(c, "insert into account_price_book (account_id, changed_at, from_date, price_book) values (?, ?, ?, ?)",
                accountId, ts(at), from, book);
        audit(c, accountId, actor, "price-book.changed", "from billing day " + from + " (at " + at.toOffsetDateTime()
                + "): " + (before == null ? "list prices" : "book " + before) + " → "
                + (book == null ? "list prices" : "book " + book));
        return new Written(200, view(c, rules, accountId, at));
    }

    /**
     * Policy "Settled days are final": refuses ({@code 409 day-settled}) a write whose effect starts on billing day
     * {@code from} when the account has a bill on that day or a later one, since every day from {@code from} on would
     * be replayed or priced again ({@code reach}: why a day other than that of the write's instant {@code at} is
     * concerned). Called under the account's row lock,
     * which settlement takes too: no day of the account can be settled between this check and the commit.
     */
    private static void refuseIfSettled(Connection c, String accountId, java.time.LocalDate from, ZonedDateTime at,
            String write, String reach) throws SQLException {
        java.time.LocalDate settled;
        try (PreparedStatement s = prepare(c, "select min(billing_date) from bill where account_id = ? and"
                + " billing_date >= ?", accountId, from); ResultSet r = s.executeQuery()) {
            settled = r.next() ? r.getObject(1, java.time.LocalDate.class) : null;
        }
        if (settled != null) {
            throw new ConflictException("day-settled", settled + " is already settled for account " + accountId
                    + ": " + write + " would change what was billed"
                    + (settled.equals(at.toLocalDate()) ? "" : " (" + reach + ")"), null);
        }
    }

    // ---- reads ----

    /** The account as of {@code at}: what was recorded up to then. */
    public AccountView view(Connection c, RuleSet rules, String accountId, ZonedDateTime at) throws SQLException {
        AccountRecord account = find(c, accountId);
        AccountPolicy.Mode mode = mode(c, rules, account, at);
        List<PackageView> packages = new ArrayList<>();
        for (PackageView p : packageViews(c, rules, account, at)) {
            packages.add(p);
        }
        List<String> apps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select app_id from app where account_id = ? and created_at <= ? order by app_id")) {
            s.setString(1, accountId);
            s.setObject(2, ts(at));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    apps.add(r.getString(1));
                }
            }
        }
        boolean postpaid = account.postpaidAt(at);
        boolean violation = account.violationStopAt() != null && !account.violationStopAt().isAfter(at);
        AccountStatus standing = status(c, rules, accountId, at);
        return new AccountView(accountId, text(account.registeredAt()), mode.mode().name(), text(mode.since()),
                violation ? "STOPPED" : standing.status(), violation ? "CONTENT_VIOLATION" : standing.stopReason(),
                postpaid,
                postpaid ? text(account.postpaidSince()) : null, account.trialExhaustedAction().name(),
                account.priceBookOn(at.toLocalDate()),
                Money.format(balance(c, accountId, at)), apps, packages, text(at), rules.version());
    }

    /** Throws the 404 problem unless the account exists. */
    public void requireAccount(Connection c, String accountId) throws SQLException {
        find(c, accountId);
    }

    /** Every change recorded for the account, oldest first. */
    public List<AuditEntry> audit(Connection c, String accountId) throws SQLException {
        find(c, accountId);
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select audit_id, at, actor, action, detail, request_id from audit"
                + " where account_id = ? order by audit_id")) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new AuditEntry(r.getLong(1), text(zoned(r.getObject(2, OffsetDateTime.class))),
                            r.getString(3), r.getString(4), r.getString(5), r.getString(6)));
                }
            }
        }
        return out;
    }

    // ---- the account's rows ----

    private final class PackageRow {
        String id;
        PackageKind kind;
        long minutes;
        long used;
        ZonedDateTime acquiredAt;
        BigDecimal thousandMinutes;
        BigDecimal price;
        ZonedDateTime refundedAt;
        ZonedDateTime reclaimedAt;
        ZonedDateTime convertedAt;
        String convertedFrom;
        Long convertedUsed;
        java.time.LocalDate convertedExpiresOn;

        HeldPackage held() {
            return new HeldPackage(id, kind, minutes, used, acquiredAt, convertedExpiresOn);
        }
    }

    /** The account, locked for this transaction: writes to one account are serialized. */
    private AccountRecord lock(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, true, zone);
    }

    private AccountRecord find(Connection c, String accountId) throws SQLException {
        return AccountRecord.read(c, accountId, false, zone);
    }

    private List<PackageRow> packages(Connection c, String accountId) throws SQLException {
        List<PackageRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select package_id, kind, minutes, used, acquired_at,"
                + " thousand_minutes, price, refunded_at, reclaimed_at, converted_at, converted_from, converted_used,"
                + " converted_expires_on from package where account_id = ? order by acquired_at, package_id")) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    PackageRow p = new PackageRow();
                    p.id = r.getString(1);
                    p.kind = PackageKind.valueOf(r.getString(2));
                    p.minutes = r.getLong(3);
                    p.used = r.getLong(4);
                    p.acquiredAt = zoned(r.getObject(5, OffsetDateTime.class));
                    p.thousandMinutes = r.getBigDecimal(6);
                    p.price = r.getBigDecimal(7);
                    p.refundedAt = zoned(r.getObject(8, OffsetDateTime.class));
                    p.reclaimedAt = zoned(r.getObject(9, OffsetDateTime.class));
                    p.convertedAt = zoned(r.getObject(10, OffsetDateTime.class));
                    p.convertedFrom = r.getString(11);
                    p.convertedUsed = r.getObject(12) == null ? null : r.getLong(12);
                    p.convertedExpiresOn = r.getObject(13, java.time.LocalDate.class);
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * The billing mode by the rules: from the registration, the first general package bought and the conversion of
     * the old packages, if any, recorded by {@code at} (null: all recorded).
     */
    private AccountPolicy.Mode mode(Connection c, RuleSet rules, AccountRecord account, ZonedDateTime at)
            throws SQLException {
        return mode(c, rules, account, at, null);
    }

    /** The billing mode, as if package {@code without} (null: none) had been refunded. */
    private AccountPolicy.Mode mode(Connection c, RuleSet rules, AccountRecord account, ZonedDateTime at,
            String without) throws SQLException {
        ZonedDateTime bought = null;
        ZonedDateTime converted = null;
        for (PackageRow p : packages(c, account.id())) {
            if (p.id.equals(without)) {
                continue;
            }
            // A purchase refunded (never used, so no minute was billed in the new mode) moves the account nowhere.
            boolean refunded = p.refundedAt != null && (at == null || !p.refundedAt.isAfter(at));
            if (p.kind == PackageKind.GENERAL && p.price != null && !refunded
                    && (at == null || !p.acquiredAt.isAfter(at)) && (bought == null || p.acquiredAt.isBefore(bought))) {
                bought = p.acquiredAt;
            }
            if (p.convertedAt != null && (at == null || !p.convertedAt.isAfter(at))
                    && (converted == null || p.convertedAt.isBefore(converted))) {
                converted = p.convertedAt;
            }
        }
        return policy.billingMode(rules, account.registeredAt(), bought, converted, null);
    }

    /**
     * The old packages as the purchase rule sees them: minutes left, last valid day, and the billing day a used-up
     * one took its last minute (a converted one ended on its conversion day).
     */
    private List<AccountPolicy.OldPackage> oldPackages(Connection c, RuleSet rules, AccountRecord account)
            throws SQLException {
        List<PackageRow> rows = packages(c, account.id()).stream()
                .filter(p -> p.kind.legacy() && p.refundedAt == null).toList();
        Deductions.PackageState[] states = states(rules, account, rows);
        List<AccountPolicy.OldPackage> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PackageRow p = rows.get(i);
            java.time.LocalDate usedUpOn = null;
            long remaining = p.minutes - p.used;
            if (p.convertedAt != null) {
                remaining = 0;
                usedUpOn = p.convertedAt.toLocalDate();
            } else if (remaining == 0) {
                usedUpOn = lastDayOfUse(c, p.id);
            }
            out.add(new AccountPolicy.OldPackage(p.id, p.kind, remaining,
                    java.time.LocalDate.parse(states[i].expiresOn()), usedUpOn));
        }
        return out;
    }

    private static java.time.LocalDate lastDayOfUse(Connection c, String packageId) throws SQLException {
        try (PreparedStatement s = prepare(c, "select max(billing_date) from package_day_use where package_id = ?",
                packageId); ResultSet r = s.executeQuery()) {
            return r.next() ? r.getObject(1, java.time.LocalDate.class) : null;
        }
    }

    /** The terms the rules give each package (effect, expiry, refund deadline), as a replay without usage shows. */
    private Deductions.PackageState[] states(RuleSet rules, AccountRecord account, List<PackageRow> rows) {
        List<HeldPackage> held = rows.stream().map(PackageRow::held).toList();
        // The terms depend on no price book (a book prices postpaid minutes only, and there is no usage here).
        Account facts = new Account(BillingMode.NEW, account.postpaidSince() != null,
                account.trialExhaustedAction(), null);
        DeductionEngine.Result r = terms.replay(new DeductionInput(facts, held, List.of()), rules, e -> { }, null);
        return r.packages().toArray(new Deductions.PackageState[0]);
    }

    private List<PackageView> packageViews(Connection c, RuleSet rules, AccountRecord account, ZonedDateTime at)
            throws SQLException {
        List<PackageRow> rows = packages(c, account.id()).stream().filter(p -> !p.acquiredAt.isAfter(at)).toList();
        Deductions.PackageState[] states = states(rules, account, rows);
        OffsetDateTime reclaimed = status(c, rules, account.id(), at).reclaimedAt();
        Map<String, String> convertedTo = new java.util.HashMap<>();
        rows.forEach(p -> {
            if (p.convertedFrom != null) {
                convertedTo.put(p.convertedFrom, p.id);
            }
        });
        List<PackageView> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PackageRow p = rows.get(i);
            Deductions.PackageState s = states[i];
            // An old package converted by then: what it had used stays used, the rest became a general package.
            boolean converted = p.convertedAt != null && !p.convertedAt.isAfter(at) && p.convertedUsed != null;
            long used = converted ? p.convertedUsed : p.used;
            long remaining = converted ? 0 : p.minutes - p.used;
            String state = p.refundedAt != null && !p.refundedAt.isAfter(at) ? "REFUNDED"
                    : p.reclaimedAt != null && !p.reclaimedAt.isAfter(at)
                            || reclaimed != null && p.acquiredAt.toOffsetDateTime().isBefore(reclaimed) ? "RECLAIMED"
                    : java.time.LocalDate.parse(s.expiresOn()).isBefore(at.toLocalDate()) ? "EXPIRED"
                    : remaining == 0 ? "EXHAUSTED" : "ACTIVE";
            out.add(new PackageView(p.id, p.kind.name(), p.minutes, used, remaining, s.effectiveAt(),
                    s.expiresOn(), s.refundableUntil(), state,
                    p.thousandMinutes == null ? null : p.thousandMinutes.stripTrailingZeros().toPlainString(),
                    p.price == null ? null : Money.format(p.price), text(p.acquiredAt), p.convertedFrom,
                    converted ? convertedTo.get(p.id) : null, converted ? text(p.convertedAt) : null));
        }
        return out;
    }

    private PackageView packageView(Connection c, RuleSet rules, String accountId, String packageId,
            ZonedDateTime at) throws SQLException {
        return packageViews(c, rules, find(c, accountId), at).stream().filter(p -> p.packageId().equals(packageId))
                .findFirst().orElseThrow();
    }

    /** The account's standing at {@code at}, from its money movements (arrears, stop, reclaim). */
    private AccountStatus status(Connection c, RuleSet rules, String accountId, ZonedDateTime at)
            throws SQLException {
        return AccountStatus.of(c, accountId, ts(at), AccountStatus.policy(rules, budget));
    }

    private BigDecimal balance(Connection c, String accountId, ZonedDateTime at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select coalesce(sum(amount), 0) from money_movement where account_id = ? and at <= ?")) {
            s.setString(1, accountId);
            s.setObject(2, ts(at));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBigDecimal(1);
            }
        }
    }

    private void money(Connection c, String accountId, ZonedDateTime at, BigDecimal amount, String kind,
            String reference) throws SQLException {
        update(c, "insert into money_movement (account_id, at, amount, kind, reference) values (?, ?, ?, ?, ?)",
                accountId, ts(at), amount, kind, reference);
    }

    private static void audit(Connection c, String accountId, Actor actor, String action, String detail)
            throws SQLException {
        Audit.record(c, now(), accountId, actor.name(), action,
                detail.length() > 4000 ? detail.substring(0, 4000) : detail, actor.requestId());
    }

    // ---- JDBC mechanics ----

    private static String newPackageId() {
        return "pkg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    private ZonedDateTime instant(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            return r.next() ? zoned(r.getObject(1, OffsetDateTime.class)) : null;
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args)) {
            s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    /** Instants are stored as timestamptz from OffsetDateTime (both databases keep the instant exactly). */
    private static OffsetDateTime ts(ZonedDateTime t) {
        return t == null ? null : t.toOffsetDateTime();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }

    private ZonedDateTime zoned(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone);
    }

    private static String text(ZonedDateTime t) {
        return t == null ? null : t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
