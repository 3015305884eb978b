package rtc.pricing.ledger;

import static rtc.pricing.http.OpenApiConventions.DECIMAL;
import static rtc.pricing.http.OpenApiConventions.INSTANT;
import static rtc.pricing.http.OpenApiConventions.MONEY;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.Account;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.ledger.LedgerRequests.At;
import rtc.pricing.ledger.LedgerRequests.LegacyPackage;
import rtc.pricing.ledger.LedgerRequests.NewAccount;
import rtc.pricing.ledger.LedgerRequests.NewApp;
import rtc.pricing.ledger.LedgerRequests.PriceBookChange;
import rtc.pricing.ledger.LedgerRequests.Purchase;
import rtc.pricing.ledger.LedgerRequests.TopUp;
import rtc.pricing.ledger.LedgerStore.StoredPackage;
import rtc.pricing.packages.AccountPolicy;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.Deductions;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.problem.ConflictException;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.NotFoundException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.Money;

/**
 * The account side of the ledger (policy §6): accounts and their apps, the trial, purchases, refunds, top-ups and
 * postpaid. Every decision is the rules' ({@link AccountPolicy}: billing mode, trial, purchase eligibility, refund;
 * {@link PackagePrices}; package terms through {@link DeductionEngine}); this class orchestrates: it takes the typed
 * requests {@link LedgerRequests} validated before anything is written, asks the rules, and records what they
 * decided through {@link LedgerStore}, which holds every SQL statement. Each method runs inside the caller's transaction, holding the
 * account's row lock, and writes its audit entry.
 */
public final class Ledger {

    /** Who asks, in which request: written into the audit with every change. */
    public record Actor(String name, String requestId) {
    }

    /** What a write answers: its status and body. */
    public record Written(int status, Object body) {
    }

    /** GET /v1/accounts/{id}: the account as of an instant. */
    @Schema(name = "Account", description = "An account as of an instant.")
    public record AccountView(String accountId,
            @Schema(format = INSTANT) String registeredAt,
            @Schema(enumeration = { "NEW", "LEGACY" }) String mode,
            @Schema(format = INSTANT, nullable = true) String modeSince,
            @Schema(enumeration = { "ACTIVE", "ARREARS", "STOPPED", "RECLAIMED" }) String status,
            @Schema(nullable = true, description = "Why the service is stopped (ARREARS); null unless STOPPED.")
            String stopReason,
            boolean postpaid,
            @Schema(format = INSTANT, nullable = true) String postpaidSince,
            @Schema(enumeration = { "POSTPAID", "STOP" }) String trialExhaustedAction,
            @Schema(nullable = true, description = "The contract price book in force on at's billing day; null: list"
                    + " prices.") String priceBook,
            @Schema(description = MONEY, pattern = DECIMAL, examples = "100.00") String balance,
            List<String> apps, List<PackageView> packages,
            @Schema(format = INSTANT, description = "The instant the account is shown as of.") String at,
            String rulesVersion) {
    }

    /** A package as of an instant: its figures and terms (as in /v1/deductions) and its state. */
    @Schema(name = "Package", description = "A package as of an instant: minutes, terms and state.")
    public record PackageView(String packageId,
            @Schema(enumeration = { "TRIAL", "GENERAL", "LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD" }) String kind,
            @Schema(description = "Minutes (general or unified) it holds.") long minutes,
            @Schema(description = "Minutes used.") long used,
            @Schema(description = "Minutes left.") long remaining,
            @Schema(format = INSTANT, nullable = true) String effectiveAt,
            @Schema(format = "date", nullable = true, description = "Its last valid day.") String expiresOn,
            @Schema(format = INSTANT, nullable = true) String refundableUntil,
            @Schema(enumeration = { "ACTIVE", "EXHAUSTED", "EXPIRED", "REFUNDED", "RECLAIMED" }) String state,
            @Schema(nullable = true, description = "A bought package's size in thousand minutes.",
                    pattern = DECIMAL) String thousandMinutes,
            @Schema(nullable = true, description = MONEY + " What it was bought for; null when not bought.",
                    pattern = DECIMAL) String price,
            @Schema(format = INSTANT, nullable = true) String acquiredAt,
            @Schema(nullable = true, description = "The old package it was converted from.") String convertedFrom,
            @Schema(nullable = true, description = "The general package it became.") String convertedTo,
            @Schema(format = INSTANT, nullable = true) String convertedAt) {
    }

    /** POST /v1/accounts/{id}/apps: the app recorded. */
    @Schema(name = "App")
    public record AppView(String appId, String accountId, @Schema(format = INSTANT) String createdAt) {
    }

    /** POST .../refund: what went back to the balance, and by which rule. */
    @Schema(name = "Refund")
    public record RefundView(String packageId,
            @Schema(description = MONEY + " The price back to the balance.", pattern = DECIMAL) String refunded,
            @Schema(description = "The rule that allowed the refund.") String rule,
            @Schema(description = MONEY + " The balance afterwards.", pattern = DECIMAL) String balance) {
    }

    /** POST .../legacy-conversion: the old packages converted and the account's mode. */
    @Schema(name = "LegacyConversion")
    public record ConversionView(List<ConvertedView> packages, @Schema(enumeration = { "NEW", "LEGACY" }) String mode,
            @Schema(format = INSTANT, nullable = true) String modeSince,
            @Schema(nullable = true, description = "The rule that decided the mode.") String modeRule) {
    }

    /** One old package converted into a general one. */
    @Schema(name = "ConvertedLegacyPackage")
    public record ConvertedView(String packageId,
            @Schema(enumeration = { "LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD" }) String kind,
            @Schema(description = "Minutes it had left.") long remaining,
            @Schema(description = "General minutes per minute left.") int factor,
            @Schema(description = "remaining × factor.") long generalMinutes,
            @Schema(format = "date") String expiresOn, String rule,
            @Schema(description = "The general package it became.") String convertedTo) {
    }

    /** An audit entry. */
    @Schema(name = "AuditEntry")
    public record AuditEntry(long id, @Schema(format = INSTANT) String at, String actor, String action,
            @Schema(nullable = true) String detail, @Schema(nullable = true) String requestId) {
    }

    private final ZoneId zone;
    private final AccountPolicy policy;
    private final PackagePrices prices;
    private final DeductionEngine terms;
    private final RuleBudget budget;
    private final UsageIntake usage;
    private final LedgerStore store;

    public Ledger(ZoneId zone, AccountPolicy policy, PackagePrices prices, DeductionEngine terms, RuleBudget budget,
            UsageIntake usage) {
        this.zone = zone;
        this.store = new LedgerStore(zone);
        this.budget = budget;
        this.usage = usage;
        this.policy = policy;
        this.prices = prices;
        this.terms = terms;
    }

    // ---- writes ----

    public Written createAccount(Connection c, RuleSet rules, Actor actor, NewAccount request) throws SQLException {
        String id = request.accountId();
        ZonedDateTime registered = request.registeredAt();
        boolean postpaid = request.postpaid();
        String action = request.trialExhaustedAction();
        String book = request.priceBook();
        requireBook(rules, book);
        if (store.accountExists(c, id)) {
            throw new ConflictException("account-exists", "account " + id + " exists already", null);
        }
        AccountPolicy.Mode mode = policy.billingMode(rules, registered, null, null, null);
        if (mode.mode() == BillingMode.LEGACY && book == null) {
            throw new InputException("/priceBook", "is required: an account registered at " + registered.toLocalDate()
                    + " is in the old billing mode (rule \"" + mode.rule() + "\"), whose minutes are priced by its"
                    + " contract price book");
        }
        store.insertAccount(c, id, registered, action, book, postpaid ? registered : null);
        audit(c, id, actor, "account.created", "registered " + registered.toOffsetDateTime() + ", mode " + mode.mode()
                + " (rule \"" + mode.rule() + "\"), postpaid " + postpaid + ", trial option " + action
                + (book == null ? "" : ", price book " + book));
        return new Written(201, view(c, rules, id, registered));
    }

    public Written addApp(Connection c, RuleSet rules, Actor actor, String accountId, NewApp request)
            throws SQLException {
        String appId = request.appId();
        ZonedDateTime created = request.createdAt();
        store.lock(c, accountId);
        if (store.appExists(c, appId)) {
            throw new ConflictException("app-exists", "app " + appId + " belongs to an account already", null);
        }
        store.insertApp(c, appId, accountId, created);
        audit(c, accountId, actor, "app.created", "app " + appId + " created " + created.toOffsetDateTime());
        return new Written(201, new AppView(appId, accountId, created.toOffsetDateTime().toString()));
    }

    public Written grantTrial(Connection c, RuleSet rules, Actor actor, String accountId, At request)
            throws SQLException {
        ZonedDateTime at = request.at();
        store.lock(c, accountId);
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a trial granted at " + at.toOffsetDateTime(),
                "the trial covers its day from 00:00 and every later day");
        ZonedDateTime firstApp = store.firstAppCreatedAt(c, accountId);
        boolean granted = store.holdsTrial(c, accountId);
        AccountPolicy.Trial trial = policy.trial(rules, firstApp, granted, null);
        if (!trial.granted()) {
            throw new ConflictException("trial-refused", trial.reason(), trial.rule());
        }
        String packageId = LedgerStore.newPackageId();
        store.insertPackage(c, packageId, accountId, PackageKind.TRIAL, trial.minutes(), at);
        audit(c, accountId, actor, "trial.granted", trial.minutes() + " minutes as " + packageId + " (rule \""
                + trial.rule() + "\")");
        usage.deduct(c, rules, accountId, at.toLocalDate()); // it covers its day's earlier minutes too (backfill)
        return new Written(201, packageView(c, rules, accountId, packageId, at));
    }

    public Written buyPackage(Connection c, RuleSet rules, Actor actor, String accountId, Purchase request)
            throws SQLException {
        BigDecimal size = request.thousandMinutes();
        ZonedDateTime paidAt = request.paidAt();
        AccountRecord account = store.lock(c, accountId);
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
        BigDecimal balance = store.balance(c, accountId, paidAt);
        if (balance.compareTo(cost) < 0) {
            throw new ConflictException("insufficient-balance", "the package costs " + price.price() + " and the"
                    + " balance is " + Money.format(balance) + ": top up first", null);
        }
        String packageId = LedgerStore.newPackageId();
        long minutes = size.movePointRight(3).longValueExact();
        store.insertPurchase(c, packageId, accountId, minutes, paidAt, size, cost);
        store.money(c, accountId, paidAt, cost.negate(), "PURCHASE", packageId);
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
    public Written recordLegacyPackage(Connection c, RuleSet rules, Actor actor, String accountId,
            LegacyPackage request) throws SQLException {
        String kind = request.kind();
        long minutes = request.minutes();
        ZonedDateTime acquiredAt = request.acquiredAt();
        AccountRecord account = store.lock(c, accountId);
        refuseIfSettled(c, accountId, acquiredAt.toLocalDate(), acquiredAt, "an old package acquired at "
                + acquiredAt.toOffsetDateTime(), "an old package covers unified minutes from its day on");
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (mode.at(acquiredAt) != BillingMode.LEGACY) {
            throw new ConflictException("legacy-package-refused", "the account is in the new billing mode at "
                    + acquiredAt.toOffsetDateTime() + " (rule \"" + mode.rule() + "\"): old packages belong to the old"
                    + " mode", mode.rule());
        }
        String packageId = LedgerStore.newPackageId();
        store.insertPackage(c, packageId, accountId, PackageKind.valueOf(kind), minutes, acquiredAt);
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
    public Written convertLegacy(Connection c, RuleSet rules, Actor actor, String accountId, At request)
            throws SQLException {
        ZonedDateTime at = request.at();
        AccountRecord account = store.lock(c, accountId);
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a conversion at " + at.toOffsetDateTime(),
                "the account is in the new mode from then on, and its old packages keep only what they had used");
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (mode.at(at) != BillingMode.LEGACY) {
            throw new ConflictException("conversion-refused", "the account is in the new billing mode at "
                    + at.toOffsetDateTime() + ": it holds no old package to convert", mode.rule());
        }
        if (store.packages(c, accountId).stream().anyMatch(p -> p.acquiredAt().isAfter(at))) {
            throw new ConflictException("conversion-refused", "the account holds a package acquired after "
                    + at.toOffsetDateTime() + ": convert at or after the last acquisition", null);
        }
        List<StoredPackage> rows = store.packages(c, accountId);
        Deductions.PackageState[] states = states(rules, account, rows);
        List<StoredPackage> candidates = new ArrayList<>();
        Map<String, LocalDate> expiry = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            StoredPackage p = rows.get(i);
            LocalDate last = LocalDate.parse(states[i].expiresOn());
            if (p.kind().legacy() && p.refundedAt() == null && p.reclaimedAt() == null
                    && !last.isBefore(at.toLocalDate())) {
                candidates.add(p);
                expiry.put(p.id(), last);
            }
        }
        // Usage from `at` on is the new mode's: replay with the conversion in place, so that the old packages keep
        // only what they covered before it.
        for (StoredPackage p : candidates) {
            store.setConvertedAt(c, p.id(), at);
        }
        usage.deduct(c, rules, accountId, at.toLocalDate());
        List<AccountPolicy.OldPackage> left = new ArrayList<>();
        Map<String, StoredPackage> byId = new LinkedHashMap<>();
        for (StoredPackage p : store.packages(c, accountId)) {
            if (expiry.containsKey(p.id())) {
                if (p.minutes() > p.used()) {
                    left.add(new AccountPolicy.OldPackage(p.id(), p.kind(), p.minutes() - p.used(), expiry.get(p.id()),
                            null));
                    byId.put(p.id(), p);
                } else {
                    store.setConvertedAt(c, p.id(), null); // used up before
                }
            }
        }
        if (left.isEmpty()) {
            throw new ConflictException("conversion-refused", "no old package has minutes left at "
                    + at.toOffsetDateTime() + ": nothing to convert", null);
        }
        List<ConvertedView> converted = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (AccountPolicy.Converted k : policy.convert(rules, left)) {
            StoredPackage old = byId.get(k.packageId());
            String packageId = LedgerStore.newPackageId();
            store.setConvertedUsed(c, old.id(), old.used());
            store.insertConverted(c, packageId, accountId, k.generalMinutes(), at, old.id(), k.expiresOn());
            converted.add(new ConvertedView(old.id(), k.kind().name(), k.remaining(), k.factor(), k.generalMinutes(),
                    k.expiresOn().toString(), k.rule(), packageId));
            detail.append(detail.length() == 0 ? "" : "; ").append(old.id()).append(" (").append(k.kind()).append(", ")
                    .append(k.remaining()).append(" left) → ").append(packageId).append(": ")
                    .append(k.generalMinutes()).append(" general minutes through ").append(k.expiresOn());
        }
        usage.deduct(c, rules, accountId, at.toLocalDate()); // the general packages cover the new mode's minutes
        AccountPolicy.Mode now = mode(c, rules, account, null);
        audit(c, accountId, actor, "legacy-packages.converted", detail + "; new billing mode from "
                + at.toOffsetDateTime() + " (rule \"" + now.rule() + "\")");
        return new Written(200, new ConversionView(converted, now.at(at).name(), text(now.since()), now.rule()));
    }

    public Written refund(Connection c, RuleSet rules, Actor actor, String accountId, String packageId, At request)
            throws SQLException {
        ZonedDateTime at = request.at();
        AccountRecord account = store.lock(c, accountId);
        StoredPackage p = store.packages(c, accountId).stream().filter(r -> r.id().equals(packageId)).findFirst()
                .orElseThrow(() -> new NotFoundException("account \"" + accountId + "\" holds no package \""
                        + packageId + "\""));
        if (p.refundedAt() != null) {
            throw new ConflictException("refund-refused", "package " + packageId + " was refunded already", null);
        }
        // A refunded purchase moves the account nowhere: if this one moved it out of the old mode, every day from
        // the purchase on goes back to the old mode; otherwise (never used) the refund changes the days from its own.
        if (!mode(c, rules, account, null, null).history().equals(mode(c, rules, account, null, packageId).history())) {
            refuseIfSettled(c, accountId, p.acquiredAt().toLocalDate(), at, "a refund at " + at.toOffsetDateTime()
                    + " of the package bought at " + p.acquiredAt().toOffsetDateTime(),
                    "that purchase moved the account"
                    + " to the new billing mode: refunded, the account is in the old mode from the purchase on");
        }
        refuseIfSettled(c, accountId, at.toLocalDate(), at, "a refund at " + at.toOffsetDateTime(), "its price would be"
                + " back in the balance before that day's bill was charged");
        AccountPolicy.Refund r = policy.refund(rules, p.held(), at, account.violationStopAt() != null
                && !account.violationStopAt().isAfter(at), null);
        if (!r.refundable()) {
            throw new ConflictException("refund-refused", r.reason(), r.rule());
        }
        store.setRefundedAt(c, packageId, at);
        usage.deduct(c, rules, accountId, p.acquiredAt().toLocalDate()); // never used: this changes no figure
        BigDecimal amount = p.price() == null ? BigDecimal.ZERO : p.price();
        store.money(c, accountId, at, amount, "REFUND", packageId);
        audit(c, accountId, actor, "package.refunded", packageId + ": " + Money.format(amount) + " back to the balance"
                + " (rule \"" + r.rule() + "\")");
        return new Written(200, new RefundView(packageId, Money.format(amount), r.rule(),
                Money.format(store.balance(c, accountId, at))));
    }

    public Written topUp(Connection c, RuleSet rules, Actor actor, String accountId, TopUp request)
            throws SQLException {
        BigDecimal amount = request.amount();
        ZonedDateTime at = request.at();
        store.lock(c, accountId);
        store.money(c, accountId, at, amount, "TOP_UP", null);
        audit(c, accountId, actor, "balance.topped-up", Money.format(amount) + " at " + at.toOffsetDateTime());
        return new Written(200, view(c, rules, accountId, at));
    }

    public Written enablePostpaid(Connection c, RuleSet rules, Actor actor, String accountId, At request)
            throws SQLException {
        ZonedDateTime at = request.at();
        AccountRecord account = store.lock(c, accountId);
        if (account.postpaidSince() == null || account.postpaidSince().isAfter(at)) {
            store.setPostpaidSince(c, accountId, at);
            audit(c, accountId, actor, "postpaid.enabled", "from " + at.toOffsetDateTime() + "; it cannot be disabled");
        }
        return new Written(200, view(c, rules, accountId, at));
    }

    /**
     * Changes the account's contract price book (null: the list prices) from the billing day of {@code at} on, until
     * a later change: a dated history, so each day is priced by the book in force on it and a bill keeps the book it
     * was priced with. A book prices a whole day, so the change needs that day and every later one unsettled.
     */
    public Written changePriceBook(Connection c, RuleSet rules, Actor actor, String accountId,
            PriceBookChange request) throws SQLException {
        String book = request.priceBook();
        ZonedDateTime at = request.at();
        requireBook(rules, book);
        AccountRecord account = store.lock(c, accountId);
        LocalDate from = at.toLocalDate();
        AccountPolicy.Mode mode = mode(c, rules, account, null);
        if (book == null && mode.at(from.atStartOfDay(zone)) == BillingMode.LEGACY) {
            throw new InputException("/priceBook", "is required: the account is in the old billing mode on " + from
                    + ", whose minutes are priced by its contract price book");
        }
        refuseIfSettled(c, accountId, from, at, "a price-book change at " + at.toOffsetDateTime(),
                "a book prices its whole billing day and every later one");
        String before = account.priceBookOn(from);
        store.insertPriceBookChange(c, accountId, at, from, book);
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
    private void refuseIfSettled(Connection c, String accountId, LocalDate from, ZonedDateTime at, String write,
            String reach) throws SQLException {
        LocalDate settled = store.firstSettledDayFrom(c, accountId, from);
        if (settled != null) {
            throw new ConflictException("day-settled", settled + " is already settled for account " + accountId
                    + ": " + write + " would change what was billed"
                    + (settled.equals(at.toLocalDate()) ? "" : " (" + reach + ")"), null);
        }
    }

    /** A price book the request names must be one the rules state. */
    private void requireBook(RuleSet rules, String book) {
        if (book != null && !RuleCatalogue.of(rules, budget).books().contains(book)) {
            throw new InputException("/priceBook", "unknown price book '" + book + "'");
        }
    }

    // ---- reads ----

    /** The account as of {@code at}: what was recorded up to then. */
    public AccountView view(Connection c, RuleSet rules, String accountId, ZonedDateTime at) throws SQLException {
        AccountRecord account = store.find(c, accountId);
        AccountPolicy.Mode mode = mode(c, rules, account, at);
        List<PackageView> packages = packageViews(c, rules, account, at);
        List<String> apps = store.apps(c, accountId, at);
        boolean postpaid = account.postpaidAt(at);
        boolean violation = account.violationStopAt() != null && !account.violationStopAt().isAfter(at);
        AccountStatus standing = status(c, rules, accountId, at);
        return new AccountView(accountId, text(account.registeredAt()), mode.mode().name(), text(mode.since()),
                violation ? "STOPPED" : standing.status(), violation ? "CONTENT_VIOLATION" : standing.stopReason(),
                postpaid,
                postpaid ? text(account.postpaidSince()) : null, account.trialExhaustedAction().name(),
                account.priceBookOn(at.toLocalDate()),
                Money.format(store.balance(c, accountId, at)), apps, packages, text(at), rules.version());
    }

    /** Throws the 404 problem unless the account exists. */
    public void requireAccount(Connection c, String accountId) throws SQLException {
        store.find(c, accountId);
    }

    /** Every change recorded for the account, oldest first. */
    public List<AuditEntry> audit(Connection c, String accountId) throws SQLException {
        store.find(c, accountId);
        return store.auditRows(c, accountId).stream().map(a -> new AuditEntry(a.id(), text(a.at()), a.actor(),
                a.action(), a.detail(), a.requestId())).toList();
    }

    // ---- the account's rows ----

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
        for (StoredPackage p : store.packages(c, account.id())) {
            if (p.id().equals(without)) {
                continue;
            }
            // A purchase refunded (never used, so no minute was billed in the new mode) moves the account nowhere.
            boolean refunded = p.refundedAt() != null && (at == null || !p.refundedAt().isAfter(at));
            if (p.kind() == PackageKind.GENERAL && p.price() != null && !refunded
                    && (at == null || !p.acquiredAt().isAfter(at))
                    && (bought == null || p.acquiredAt().isBefore(bought))) {
                bought = p.acquiredAt();
            }
            if (p.convertedAt() != null && (at == null || !p.convertedAt().isAfter(at))
                    && (converted == null || p.convertedAt().isBefore(converted))) {
                converted = p.convertedAt();
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
        List<StoredPackage> rows = store.packages(c, account.id()).stream()
                .filter(p -> p.kind().legacy() && p.refundedAt() == null).toList();
        Deductions.PackageState[] states = states(rules, account, rows);
        List<AccountPolicy.OldPackage> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StoredPackage p = rows.get(i);
            LocalDate usedUpOn = null;
            long remaining = p.minutes() - p.used();
            if (p.convertedAt() != null) {
                remaining = 0;
                usedUpOn = p.convertedAt().toLocalDate();
            } else if (remaining == 0) {
                usedUpOn = store.lastDayOfUse(c, p.id());
            }
            out.add(new AccountPolicy.OldPackage(p.id(), p.kind(), remaining, LocalDate.parse(states[i].expiresOn()),
                    usedUpOn));
        }
        return out;
    }

    /** The terms the rules give each package (effect, expiry, refund deadline), as a replay without usage shows. */
    private Deductions.PackageState[] states(RuleSet rules, AccountRecord account, List<StoredPackage> rows) {
        List<HeldPackage> held = rows.stream().map(StoredPackage::held).toList();
        // The terms depend on no price book (a book prices postpaid minutes only, and there is no usage here).
        Account facts = new Account(BillingMode.NEW, account.postpaidSince() != null,
                account.trialExhaustedAction(), null);
        DeductionEngine.Result r = terms.replay(new DeductionInput(facts, held, List.of()), rules, e -> { }, null);
        return r.packages().toArray(new Deductions.PackageState[0]);
    }

    private List<PackageView> packageViews(Connection c, RuleSet rules, AccountRecord account, ZonedDateTime at)
            throws SQLException {
        List<StoredPackage> rows = store.packages(c, account.id()).stream()
                .filter(p -> !p.acquiredAt().isAfter(at)).toList();
        Deductions.PackageState[] states = states(rules, account, rows);
        OffsetDateTime reclaimed = status(c, rules, account.id(), at).reclaimedAt();
        Map<String, String> convertedTo = new HashMap<>();
        rows.forEach(p -> {
            if (p.convertedFrom() != null) {
                convertedTo.put(p.convertedFrom(), p.id());
            }
        });
        List<PackageView> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StoredPackage p = rows.get(i);
            Deductions.PackageState s = states[i];
            // An old package converted by then: what it had used stays used, the rest became a general package.
            boolean converted = p.convertedAt() != null && !p.convertedAt().isAfter(at) && p.convertedUsed() != null;
            long used = converted ? p.convertedUsed() : p.used();
            long remaining = converted ? 0 : p.minutes() - p.used();
            String state = p.refundedAt() != null && !p.refundedAt().isAfter(at) ? "REFUNDED"
                    : p.reclaimedAt() != null && !p.reclaimedAt().isAfter(at)
                            || reclaimed != null && p.acquiredAt().toOffsetDateTime().isBefore(reclaimed) ? "RECLAIMED"
                    : LocalDate.parse(s.expiresOn()).isBefore(at.toLocalDate()) ? "EXPIRED"
                    : remaining == 0 ? "EXHAUSTED" : "ACTIVE";
            out.add(new PackageView(p.id(), p.kind().name(), p.minutes(), used, remaining, s.effectiveAt(),
                    s.expiresOn(), s.refundableUntil(), state,
                    p.thousandMinutes() == null ? null : p.thousandMinutes().stripTrailingZeros().toPlainString(),
                    p.price() == null ? null : Money.format(p.price()), text(p.acquiredAt()), p.convertedFrom(),
                    converted ? convertedTo.get(p.id()) : null, converted ? text(p.convertedAt()) : null));
        }
        return out;
    }

    private PackageView packageView(Connection c, RuleSet rules, String accountId, String packageId,
            ZonedDateTime at) throws SQLException {
        return packageViews(c, rules, store.find(c, accountId), at).stream()
                .filter(p -> p.packageId().equals(packageId))
                .findFirst().orElseThrow();
    }

    /** The account's standing at {@code at}, from its money movements (arrears, stop, reclaim). */
    private AccountStatus status(Connection c, RuleSet rules, String accountId, ZonedDateTime at)
            throws SQLException {
        return AccountStatus.of(c, accountId, at.toOffsetDateTime(), AccountStatus.policy(rules, budget));
    }

    private void audit(Connection c, String accountId, Actor actor, String action, String detail)
            throws SQLException {
        store.audit(c, accountId, actor.name(), actor.requestId(), action, detail);
    }

    private static String text(ZonedDateTime t) {
        return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
