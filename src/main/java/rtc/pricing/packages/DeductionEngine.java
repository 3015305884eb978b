package rtc.pricing.packages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import rtc.pricing.catalogue.RuleCatalogue;
import rtc.pricing.facts.Account;
import rtc.pricing.facts.BillingItem;
import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.Category;
import rtc.pricing.facts.DeductionPolicy;
import rtc.pricing.facts.HeldPackage;
import rtc.pricing.facts.ItemUsage;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.PackageTerm;
import rtc.pricing.facts.RunOut;
import rtc.pricing.facts.RunOutAction;
import rtc.pricing.facts.RunOutConsequence;
import rtc.pricing.facts.Service;
import rtc.pricing.facts.SettlementLine;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.BudgetedSession;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.settle.LineAdjustment;
import rtc.pricing.settle.Money;
import rtc.pricing.settle.Settler;

/**
 * Replays an account's base-service usage against its packages (policy §6, §6a). The rules decide everything:
 * the deduction ratio of each item for each kind of package, each package's terms (from which day it covers, its
 * last valid day, when it takes effect, its refund deadline), the order packages are used in, whether they cover
 * whole usage minutes only, what running out means (postpaid or stop), and the price of what is left. Java runs
 * the ordered allocation they describe, a loop over the packages per entry:
 * <ol>
 * <li>entries are summed per app, interval and item, and taken by interval, then app, then item (price-list
 * order);</li>
 * <li>an entry's usage minutes are the increase of ⌈cumulative seconds / 60⌉ of its app, day and item (of its app
 * and day in the old mode, where every minute is one unified minute);</li>
 * <li>each minute takes its ratio from the first package, in the rules' order, that covers that day and has
 * enough left; every package covers from its first day with its normal priority, so a package bought later in
 * the day also covers the day's earlier minutes nobody covered (a backfill: the interval began before the package
 * took effect), and the result is final when the entry is taken;</li>
 * <li>what no package covers is postpaid, priced per day, app and item at the price in force.</li>
 * </ol>
 * Rule work is two sessions per replay whatever its size: one for the terms and consequences, one for prices.
 */
public final class DeductionEngine {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final long INTERVAL_SECONDS = DeductionRequest.INTERVAL_MINUTES * 60L;

    private final ZoneId zone;
    private final RuleBudget budget;

    public DeductionEngine(ZoneId zone, RuleBudget budget) {
        this.zone = zone;
        this.budget = budget;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Replays and answers with every entry (the endpoint). */
    public Deductions replay(DeductionInput input, RuleSet rules) {
        List<Deductions.Entry> entries = new ArrayList<>();
        Result r = replay(input, rules, entries::add, null);
        return new Deductions(rules.version(), entries, r.packages(), r.postpaid(), r.postpaidTotal(), r.events());
    }

    /**
     * Everything a replay gives but the entries, which went to the sink as they were taken. {@code postpaidMinutes}:
     * what no package covered, per day, app and item; {@code postpaid} and {@code postpaidTotal}: those minutes
     * settled, or null when the replay was asked for minutes only.
     */
    public record Result(List<Deductions.PackageState> packages, List<PostpaidMinutes> postpaidMinutes,
            List<Deductions.PostpaidLine> postpaid, String postpaidTotal, List<Deductions.Event> events,
            Map<String, Map<String, Long>> lastDaySeconds) {
    }

    /** Whole minutes of one day, app and item that no package covered. */
    public record PostpaidMinutes(LocalDate date, String appId, BillingItem item, long minutes) {
    }

    /**
     * Replays, handing each entry to {@code sink} in processing order (a month of usage need not be held), and
     * settles what is left postpaid; {@code firedRules}, if not null, is told every rule that fires (gate coverage).
     */
    public Result replay(DeductionInput input, RuleSet rules, Consumer<Deductions.Entry> sink,
            Consumer<String> firedRules) {
        return replay(input, rules, sink, firedRules, true);
    }

    /**
     * As {@link #replay(DeductionInput, RuleSet, Consumer, Consumer)}; {@code settle} false leaves the postpaid
     * minutes unsettled (the usage intake stores minutes; the ledger's settlement prices them, once, at the day's end).
     */
    public Result replay(DeductionInput input, RuleSet rules, Consumer<Deductions.Entry> sink,
            Consumer<String> firedRules, boolean settle) {
        RuleCatalogue catalogue = RuleCatalogue.of(rules, budget);
        Account account = input.account();
        boolean legacy = account.mode() == BillingMode.LEGACY;
        if (account.priceBook() != null && !catalogue.books().contains(account.priceBook())) {
            throw new InputException("/account/priceBook", "unknown price book '" + account.priceBook()
                    + "'; the rules state " + catalogue.books());
        }
        Items items = new Items(catalogue);
        int[] itemOf = items.indexes(input.usage());
        DeductionPolicy policy = policy(catalogue);

        Terms terms;
        // A running-out rule counts as exercised when its consequence is used, not because it was asked.
        List<String> fired = new ArrayList<>();
        try (BudgetedSession session = rules.newSession(budget, firedRules == null ? null : fired::add)) {
            session.insert(account);
            input.packages().forEach(session::insert);
            for (boolean holds : new boolean[] {false, true}) {
                session.insert(new RunOut(holds, false));
                session.insert(new RunOut(holds, true));
            }
            session.fire();
            terms = new Terms(session.facts(PackageTerm.class), session.facts(RunOutConsequence.class));
        }
        if (firedRules != null) {
            fired.stream().filter(rule -> !terms.consequenceRules().contains(rule)).forEach(firedRules);
        }

        Pack[] packs = new Pack[input.packages().size()];
        for (int i = 0; i < packs.length; i++) {
            HeldPackage h = input.packages().get(i);
            int[] ratio = new int[items.size() + 1];
            for (int item = 0; item < items.size(); item++) {
                ratio[item] = catalogue.ratio(h.kind(), items.item(item));
            }
            ratio[items.size()] = catalogue.ratio(h.kind(), BillingItem.unified(Service.BASE));
            packs[i] = new Pack(h, terms.of(h), ratio, zone);
        }
        Arrays.sort(packs, order(policy));

        Replay replay = new Replay(account, packs, terms, policy.wholeMinutes(), legacy ? items.size() : -1,
                input.newModeFrom(), items, sink, firedRules);
        replay.run(input.usage(), itemOf, input.carried());
        List<PostpaidKey> keys = new ArrayList<>(replay.postpaid.keySet());
        keys.sort(Comparator.comparingLong(PostpaidKey::day).thenComparing(PostpaidKey::appId)
                .thenComparingInt(PostpaidKey::item));
        List<PostpaidMinutes> minutes = new ArrayList<>(keys.size());
        for (PostpaidKey k : keys) {
            minutes.add(new PostpaidMinutes(LocalDate.ofEpochDay(k.day()), k.appId(), items.item(k.item()),
                    replay.postpaid.get(k)[0]));
        }
        Settler.Settled settled = settle ? price(minutes, account, rules, firedRules) : null;
        replay.expiries();
        List<Deductions.PackageState> states = new ArrayList<>(packs.length);
        for (HeldPackage h : input.packages()) {
            for (Pack p : packs) {
                if (p.held == h) {
                    states.add(p.state());
                }
            }
        }
        replay.events.sort(Comparator.comparingLong(TimedEvent::at));
        return new Result(states, minutes, settled == null ? null
                : settled.lines().stream().map(DeductionEngine::postpaidLine).toList(),
                settled == null ? null : settled.totalText(),
                replay.events.stream().map(e -> e.event(zone)).toList(), replay.lastDaySeconds());
    }

    private static DeductionPolicy policy(RuleCatalogue catalogue) {
        List<DeductionPolicy> policies = catalogue.stated(DeductionPolicy.class);
        if (policies.size() != 1) {
            throw new RulesDefectException(policies.isEmpty()
                    ? "no rule states the deduction policy (DeductionPolicy.of(order, wholeMinutes, kcontext))"
                    : "several rules state the deduction policy: " + policies.stream().map(DeductionPolicy::rule)
                            .toList());
        }
        return policies.get(0);
    }

    /** The rules' order of use; the package id breaks the last tie, so the order is total. */
    private static Comparator<Pack> order(DeductionPolicy policy) {
        Comparator<Pack> order = (a, b) -> 0;
        for (DeductionPolicy.OrderKey key : policy.order()) {
            order = switch (key) {
                case EXPIRY -> order.thenComparingLong(p -> p.expiresOn);
                case ACQUISITION -> order.thenComparingLong(p -> p.acquiredAt);
                case PACKAGE_ID -> order.thenComparing(p -> p.held.packageId());
            };
        }
        return order.thenComparing(p -> p.held.packageId());
    }

    /** The base-service items of the catalogue, numbered in price-list order. */
    private static final class Items {
        private final List<BillingItem> list;
        private final Map<String, Integer> byTier = new HashMap<>();

        Items(RuleCatalogue catalogue) {
            list = catalogue.items().stream()
                    .filter(i -> i.service() == Service.BASE && i.mode() == null && i.codec() == null).toList();
            for (int i = 0; i < list.size(); i++) {
                byTier.put(list.get(i).category() == Category.AUDIO ? "" : list.get(i).tier(), i);
            }
        }

        int size() {
            return list.size();
        }

        BillingItem item(int index) {
            return index == list.size() ? BillingItem.unified(Service.BASE) : list.get(index);
        }

        /** An item's key in carried seconds: its tier, "" for audio. */
        String key(int index) {
            BillingItem i = list.get(index);
            return i.category() == Category.AUDIO ? DeductionInput.AUDIO : i.tier();
        }

        int index(String key) {
            Integer index = byTier.get(key);
            if (index == null) {
                throw new IllegalArgumentException("no item " + key + " among the rules' items");
            }
            return index;
        }

        /** The item of each usage entry; an unknown tier is an input error naming the entry. */
        int[] indexes(List<DeductionInput.Usage> usage) {
            int[] out = new int[usage.size()];
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                DeductionInput.Usage u = usage.get(i);
                Integer index = byTier.get(u.video() ? u.tier() : "");
                if (index == null || (u.video() && u.tier().isEmpty())) {
                    if (errors.size() < 1_000) {
                        errors.add(new FieldError(u.pointer() + "/tier", "unknown tier \"" + u.tier()
                                + "\"; the rules state " + list.stream().filter(b -> b.tier() != null)
                                        .map(BillingItem::tier).toList()));
                    }
                } else {
                    out[i] = index;
                }
            }
            if (!errors.isEmpty()) {
                throw new InputException(errors);
            }
            return out;
        }
    }

    /** The package terms and running-out consequences the rules decided for this replay. */
    private static final class Terms {
        private final Map<String, Map<PackageTerm.Kind, List<PackageTerm>>> byPackage = new HashMap<>();
        private final Map<RunOut, RunOutConsequence> consequences = new HashMap<>();

        Terms(Iterable<PackageTerm> terms, Iterable<RunOutConsequence> outcomes) {
            for (PackageTerm t : terms) {
                byPackage.computeIfAbsent(t.packageId(), k -> new EnumMap<>(PackageTerm.Kind.class))
                        .computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
            }
            for (RunOutConsequence c : outcomes) {
                RunOutConsequence other = consequences.put(c.runOut(), c);
                if (other != null) {
                    throw new RulesDefectException("rules \"" + other.rule() + "\" and \"" + c.rule() + "\" both say"
                            + " what happens when " + c.runOut() + " runs out");
                }
            }
        }

        /** The terms of one package: one of each, the refund deadline optional. */
        Map<PackageTerm.Kind, PackageTerm> of(HeldPackage h) {
            Map<PackageTerm.Kind, List<PackageTerm>> found = byPackage.getOrDefault(h.packageId(), Map.of());
            Map<PackageTerm.Kind, PackageTerm> out = new EnumMap<>(PackageTerm.Kind.class);
            for (PackageTerm.Kind kind : PackageTerm.Kind.values()) {
                List<PackageTerm> list = found.getOrDefault(kind, List.of());
                if (list.size() > 1) {
                    throw new RulesDefectException("rules " + list.stream().map(PackageTerm::rule).toList()
                            + " each give " + h.kind() + " package " + h.packageId() + " a " + kind);
                }
                if (list.isEmpty() && kind != PackageTerm.Kind.REFUNDABLE_UNTIL) {
                    throw new RulesDefectException("no rule gives " + h.kind() + " package " + h.packageId() + " its "
                            + kind);
                }
                if (!list.isEmpty()) {
                    out.put(kind, list.get(0));
                }
            }
            return out;
        }

        java.util.Set<String> consequenceRules() {
            java.util.Set<String> names = new java.util.HashSet<>();
            consequences.values().forEach(c -> names.add(c.rule()));
            return names;
        }

        RunOutConsequence consequence(boolean holdsPurchased, boolean postpaid) {
            RunOutConsequence c = consequences.get(new RunOut(holdsPurchased, postpaid));
            if (c == null) {
                throw new RulesDefectException("no rule says what happens to an uncovered minute when "
                        + new RunOut(holdsPurchased, postpaid));
            }
            return c;
        }
    }

    /** A package during the replay. */
    private static final class Pack {
        final HeldPackage held;
        final Map<PackageTerm.Kind, PackageTerm> terms;
        final int[] ratio;
        final long coversFrom; // epoch days, inclusive
        final long expiresOn;
        final long effectiveAt; // epoch seconds
        final long acquiredAt;
        final boolean purchased;
        final ZoneId zone;
        long remaining;

        Pack(HeldPackage held, Map<PackageTerm.Kind, PackageTerm> terms, int[] ratio, ZoneId zone) {
            this.held = held;
            this.terms = terms;
            this.ratio = ratio;
            this.zone = zone;
            this.coversFrom = terms.get(PackageTerm.Kind.COVERS_FROM).day().toEpochDay();
            this.expiresOn = terms.get(PackageTerm.Kind.EXPIRES_ON).day().toEpochDay();
            this.effectiveAt = terms.get(PackageTerm.Kind.EFFECTIVE_AT).instant().toEpochSecond();
            this.acquiredAt = held.acquiredAt().toEpochSecond();
            this.purchased = held.kind().purchased();
            this.remaining = held.minutes() - held.used();
        }

        Deductions.PackageState state() {
            PackageTerm refund = terms.get(PackageTerm.Kind.REFUNDABLE_UNTIL);
            List<String> rules = new ArrayList<>();
            terms.values().forEach(t -> rules.add(t.rule()));
            return new Deductions.PackageState(held.packageId(), held.kind().name(), held.minutes(),
                    held.minutes() - remaining, remaining,
                    terms.get(PackageTerm.Kind.EFFECTIVE_AT).instant().withZoneSameInstant(zone).format(INSTANT),
                    terms.get(PackageTerm.Kind.EXPIRES_ON).day().toString(),
                    refund == null ? null : refund.instant().withZoneSameInstant(zone).format(INSTANT), rules);
        }
    }

    private record TimedEvent(long at, String type, String packageId, String rule) {
        Deductions.Event event(ZoneId zone) {
            return new Deductions.Event(type, Instant.ofEpochSecond(at).atZone(zone).format(INSTANT), packageId, rule);
        }
    }

    /** Postpaid minutes of one day, app and item. */
    private record PostpaidKey(long day, String appId, int item) {
    }

    /** The allocation loop and the account's state while it runs. */
    private final class Replay {
        final Account account;
        final Pack[] packs;
        final Terms terms;
        final boolean wholeMinutes;
        final int unified; // the unified item's index in the old mode, -1 in the new
        final long newModeFrom; // an old-mode account's usage from this epoch second on is in the new mode
        final Items items;
        final Consumer<Deductions.Entry> sink;
        final Consumer<String> firedRules;
        final List<TimedEvent> events = new ArrayList<>();
        final Map<PostpaidKey, long[]> postpaid = new HashMap<>();
        final Pack[] byEffect;
        int activated;
        boolean postpaidOn;
        boolean stopped;
        boolean exhaustedReported;
        long firstPurchasedEffect = Long.MAX_VALUE;
        long spanStart = Long.MAX_VALUE;
        long spanEnd = Long.MIN_VALUE;

        Replay(Account account, Pack[] packs, Terms terms, boolean wholeMinutes, int unified, long newModeFrom,
                Items items, Consumer<Deductions.Entry> sink, Consumer<String> firedRules) {
            this.account = account;
            this.firedRules = firedRules;
            this.packs = packs;
            this.terms = terms;
            this.wholeMinutes = wholeMinutes;
            this.unified = unified;
            this.newModeFrom = newModeFrom;
            this.items = items;
            this.sink = sink;
            this.postpaidOn = account.postpaid();
            this.byEffect = packs.clone();
            Arrays.sort(byEffect, Comparator.comparingLong((Pack p) -> p.effectiveAt));
        }

        private final Map<String, long[]> cumulative = new HashMap<>(); // per app: seconds per item of the current day

        /** The seconds of the last day replayed, per app and item key (what a later extension carries). */
        Map<String, Map<String, Long>> lastDaySeconds() {
            Map<String, Map<String, Long>> out = new HashMap<>();
            cumulative.forEach((app, seconds) -> {
                Map<String, Long> byItem = new HashMap<>();
                for (int k = 0; k < seconds.length; k++) {
                    if (seconds[k] != 0) {
                        byItem.put(k == items.size() ? DeductionInput.UNIFIED : items.key(k), seconds[k]);
                    }
                }
                out.put(app, byItem);
            });
            return out;
        }

        void run(List<DeductionInput.Usage> usage, int[] itemOf, Map<String, Map<String, Long>> carried) {
            int[] order = order(usage, itemOf);
            boolean first = true;
            String cumulativeApp = null; // the app of cum, the last array looked up (entries come app by app)
            long[] cum = null;
            long day = Long.MIN_VALUE;
            long interval = Long.MIN_VALUE;
            String intervalText = null, dateText = null;
            int i = 0;
            while (i < order.length) {
                DeductionInput.Usage u = usage.get(order[i]);
                int item = itemOf[order[i]];
                long seconds = u.seconds();
                int j = i + 1;
                while (j < order.length && usage.get(order[j]).interval() == u.interval()
                        && itemOf[order[j]] == item && usage.get(order[j]).appId().equals(u.appId())) {
                    seconds = Math.addExact(seconds, usage.get(order[j]).seconds());
                    j++;
                }
                i = j;
                if (u.interval() != interval) {
                    interval = u.interval();
                    ZonedDateTime start = Instant.ofEpochSecond(interval).atZone(zone);
                    long today = start.toLocalDate().toEpochDay();
                    if (today != day) {
                        day = today;
                        cumulative.clear();
                        cumulativeApp = null;
                        if (first) {
                            first = false;
                            carried.forEach((app, byItem) -> {
                                long[] taken = new long[items.size() + 1];
                                byItem.forEach((k, v) -> taken[k.equals(DeductionInput.UNIFIED) ? items.size()
                                        : items.index(k)] = v);
                                cumulative.put(app, taken);
                            });
                        }
                    }
                    intervalText = start.format(INSTANT);
                    dateText = start.toLocalDate().toString();
                    spanStart = Math.min(spanStart, interval);
                    spanEnd = Math.max(spanEnd, interval + INTERVAL_SECONDS);
                    activate(interval);
                }
                int key = unified >= 0 && interval < newModeFrom ? unified : item;
                if (!u.appId().equals(cumulativeApp)) {
                    cumulativeApp = u.appId();
                    cum = cumulative.computeIfAbsent(cumulativeApp, a -> new long[items.size() + 1]);
                }
                long before = cum[key];
                long after = Math.addExact(before, seconds);
                cum[key] = after;
                long minutes = ceilMinutes(after) - ceilMinutes(before);
                sink.accept(deduct(u.appId(), interval, day, intervalText, dateText, item, key, seconds, after,
                        minutes));
            }
            activate(spanEnd - 1);
        }

        /**
         * The entries' indexes by interval, app, item: the input's own order when it already is (a stable sort would
         * keep it), otherwise sorted (stable).
         */
        private static int[] order(List<DeductionInput.Usage> usage, int[] itemOf) {
            int[] order = new int[usage.size()];
            boolean sorted = true;
            DeductionInput.Usage previous = null;
            for (int i = 0; i < order.length; i++) {
                DeductionInput.Usage u = usage.get(i);
                if (previous != null && sorted && compare(previous, itemOf[i - 1], u, itemOf[i]) > 0) {
                    sorted = false;
                }
                previous = u;
                order[i] = i;
            }
            if (!sorted) {
                Integer[] boxed = new Integer[order.length];
                for (int i = 0; i < boxed.length; i++) {
                    boxed[i] = i;
                }
                Arrays.sort(boxed, (a, b) -> compare(usage.get(a), itemOf[a], usage.get(b), itemOf[b]));
                for (int i = 0; i < boxed.length; i++) {
                    order[i] = boxed[i];
                }
            }
            return order;
        }

        private static int compare(DeductionInput.Usage a, int itemA, DeductionInput.Usage b, int itemB) {
            int c = Long.compare(a.interval(), b.interval());
            if (c == 0) {
                c = a.appId().compareTo(b.appId());
            }
            return c != 0 ? c : Integer.compare(itemA, itemB);
        }

        private Deductions.Entry deduct(String appId, long interval, long day, String intervalText, String dateText,
                int item, int key, long seconds, long cumulativeSeconds, long minutes) {
            long left = minutes;
            Deductions.Covered first = null, second = null; // most entries take from one package, a few from two
            List<Deductions.Covered> more = null;
            for (int p = 0; p < packs.length && left > 0; p++) {
                Pack pack = packs[p];
                int ratio = pack.ratio[key];
                if (ratio == 0 || day < pack.coversFrom || day > pack.expiresOn || pack.remaining == 0) {
                    continue;
                }
                long take = Math.min(left, wholeMinutes ? pack.remaining / ratio : ceilDiv(pack.remaining, ratio));
                if (take == 0) {
                    continue;
                }
                long packageMinutes = Math.min(Math.multiplyExact(take, (long) ratio), pack.remaining);
                pack.remaining -= packageMinutes;
                left -= take;
                boolean backfill = interval < pack.effectiveAt;
                Deductions.Covered part = new Deductions.Covered(pack.held.packageId(), take, packageMinutes, backfill);
                if (first == null) {
                    first = part;
                } else if (second == null) {
                    second = part;
                } else {
                    if (more == null) {
                        more = new ArrayList<>(List.of(first, second));
                    }
                    more.add(part);
                }
                if (pack.remaining == 0 && pack.held.kind() == PackageKind.TRIAL) {
                    long at = backfill ? gridEnd(pack.effectiveAt) : interval + INTERVAL_SECONDS;
                    events.add(new TimedEvent(at, "TRIAL_EXHAUSTED", pack.held.packageId(), null));
                }
            }
            if (left > 0) {
                postpaid.computeIfAbsent(new PostpaidKey(day, appId, key), k -> new long[1])[0] += left;
            }
            if (left > 0) {
                runOut(interval);
            }
            BillingItem billed = items.item(item);
            List<Deductions.Covered> covered = first == null ? List.of()
                    : second == null ? List.of(first) : more == null ? List.of(first, second) : List.copyOf(more);
            return new Deductions.Entry(appId, intervalText, dateText, billed.category().name(), billed.tier(),
                    seconds, cumulativeSeconds, ceilMinutes(cumulativeSeconds), minutes, covered, left);
        }

        /**
         * A minute no package covers, even by a backfill: the account's packages (or its trial) ran out, and the rules
         * say whether postpaid switches on or the service stops.
         */
        private void runOut(long interval) {
            long at = interval + INTERVAL_SECONDS;
            boolean holds = firstPurchasedEffect <= interval;
            if (holds && !exhaustedReported) {
                exhaustedReported = true;
                events.add(new TimedEvent(at, "PACKAGES_EXHAUSTED", null, null));
            }
            RunOutConsequence c = terms.consequence(holds, postpaidOn);
            if (firedRules != null) {
                firedRules.accept(c.rule());
            }
            if (c.action() == RunOutAction.POSTPAID && !postpaidOn) {
                postpaidOn = true;
                events.add(new TimedEvent(at, "POSTPAID_ENABLED", null, c.rule()));
            } else if (c.action() == RunOutAction.STOP && !stopped) {
                stopped = true;
                events.add(new TimedEvent(at, "SERVICE_STOPPED", null, c.rule()));
            }
        }

        /** Packages taking effect by {@code instant}: a purchase is held from then on, and restores a stopped service. */
        private void activate(long instant) {
            while (activated < byEffect.length && byEffect[activated].effectiveAt <= instant) {
                Pack p = byEffect[activated++];
                if (p.purchased) {
                    firstPurchasedEffect = Math.min(firstPurchasedEffect, p.effectiveAt);
                    exhaustedReported = false;
                }
                if (stopped) {
                    stopped = false;
                    events.add(new TimedEvent(gridEnd(p.effectiveAt), "SERVICE_RESTORED", p.held.packageId(),
                            p.terms.get(PackageTerm.Kind.EFFECTIVE_AT).rule()));
                }
            }
        }

        /** Packages that expired within the replayed span with minutes left. */
        void expiries() {
            for (Pack p : packs) {
                long at = LocalDate.ofEpochDay(p.expiresOn + 1).atStartOfDay(zone).toEpochSecond();
                if (p.remaining > 0 && at > spanStart && at <= spanEnd) {
                    events.add(new TimedEvent(at, "PACKAGE_EXPIRED", p.held.packageId(),
                            p.terms.get(PackageTerm.Kind.EXPIRES_ON).rule()));
                }
            }
        }

        /** The end of the 5-minute interval of the billing zone that holds {@code instant}. */
        private long gridEnd(long instant) {
            ZonedDateTime t = Instant.ofEpochSecond(instant).atZone(zone);
            long intoInterval = (t.getMinute() % DeductionRequest.INTERVAL_MINUTES) * 60L + t.getSecond();
            return instant - intoInterval + INTERVAL_SECONDS;
        }
    }

    private static long ceilMinutes(long seconds) {
        return seconds / 60 + (seconds % 60 == 0 ? 0 : 1);
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /**
     * Settles the postpaid minutes per day, app and item through the one path from usage to money (the price in
     * force, the settlement rules, promotions): each is whole minutes, so it is settled as minutes × 60 seconds.
     */
    private Settler.Settled price(List<PostpaidMinutes> postpaid, Account account, RuleSet rules,
            Consumer<String> firedRules) {
        List<ItemUsage> usage = new ArrayList<>(postpaid.size());
        postpaid.forEach(p -> usage.add(new ItemUsage(p.date(), p.appId(), p.item(),
                Math.multiplyExact(p.minutes(), 60L))));
        return Settler.settle(rules, budget, account.priceBook(), usage, firedRules, u -> {
            if (u.item().category() == Category.UNIFIED) {
                return new InputException("/account/priceBook", "price book '" + account.priceBook() + "' gives"
                        + " no unified price on " + u.date() + ": the old billing mode's minutes are priced"
                        + " by the account's contract book");
            }
            return new RulesDefectException("no rule gives the price of " + u.item() + " on " + u.date());
        });
    }

    /** A settled line as a deduction replay answers it. */
    private static Deductions.PostpaidLine postpaidLine(Settler.Line line) {
        SettlementLine l = line.settled();
        return new Deductions.PostpaidLine(l.date().toString(), l.appId(), l.item().category().name(),
                l.item().tier(), l.minutes(), Money.format(l.unitPrice()), Money.format(l.amount()),
                l.priceRules(), line.adjustments().isEmpty() ? null
                        : line.adjustments().stream().map(LineAdjustment::of).toList());
    }
}
