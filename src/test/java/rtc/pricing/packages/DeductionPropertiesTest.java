package rtc.pricing.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;

/**
 * Properties of the deduction replay (policy §6, §6a; api.md POST /v1/deductions) over a few hundred random
 * new-mode accounts and usage, replayed through the request reader and the fixture rules.
 * <p>
 * Each case is drawn from its own seed ({@code BASE_SEED + i}); a failing case prints its seed and its request as
 * the JSON body of POST /v1/deductions. Rerun one case with {@code -Ddeduction.seed=<seed>} (and, for more cases,
 * {@code -Ddeduction.cases=<n>}):
 * {@code ./mvnw -B test -Dtest=DeductionPropertiesTest -Ddeduction.seed=20221001042}.
 * <p>
 * The random accounts: postpaid on or off, option STOP or POSTPAID, 0–6 packages (at most one trial, the others
 * general), sizes from 1 minute up, any {@code used}, acquired before the usage (some long expired, some expiring at
 * a month end inside the span, some sharing an acquisition instant so the package id decides) or inside it; usage of
 * 1–4 apps, every item, 5-minute intervals over 1–4 days in Asia/Shanghai, 0–600 seconds per entry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeductionPropertiesTest {

    /** Requests bound as POST /v1/deductions binds them. */
    private static final BodyBinder BINDER = BodyBinder.standalone();

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final long BASE_SEED = 20221001000L;
    private static final int CASES = Integer.getInteger("deduction.cases", 300);
    private static final Long ONLY_SEED = Long.getLong("deduction.seed");

    /** Items in price-list order: category, tier, general ratio, list price per thousand minutes. */
    private static final String[] TIER = { null, "SD", "HD", "FHD", "2K", "4K" };
    private static final int[] GENERAL_RATIO = { 1, 2, 4, 9, 16, 36 };
    private static final String[] LIST_PRICE = { "7.00", "14.00", "28.00", "63.00", "112.00", "252.00" };

    private final ObjectMapper json = new ObjectMapper();
    private final DeductionEngine engine = new DeductionEngine(ZONE, RuleBudget.DEFAULT);
    private final RuleSet rules = compile();
    private final Map<Long, Case> cases = new HashMap<>();

    private static RuleSet compile() {
        RuleCompiler.Result result = new RuleCompiler(VideoFormat.class)
                .compile(RulesFolder.FIXTURE);
        assertTrue(result.ok(), () -> "fixture rules do not compile: " + result.problems());
        return result.ruleSet();
    }

    /** A random request, as read by the reader, and its replay. */
    private record Case(long seed, ObjectNode request, DeductionInput input, Deductions result) {
        String describe() {
            return "seed " + seed + " (rerun: -Dtest=DeductionPropertiesTest -Ddeduction.seed=" + seed
                    + "), request: " + request;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Properties

    /** sum(covered.usageMinutes) + postpaidMinutes == minutes; used after − used before == package minutes taken. */
    @Test
    void conservation() {
        forEveryCase(c -> {
            Map<String, Long> taken = new HashMap<>();
            for (Deductions.Entry e : c.result().deductions()) {
                long covered = 0;
                for (Deductions.Covered k : e.covered()) {
                    covered += k.usageMinutes();
                    taken.merge(k.packageId(), k.packageMinutes(), Long::sum);
                    assertTrue(k.usageMinutes() > 0, () -> "a covered part of no minute: " + e);
                }
                assertEquals(e.minutes(), covered + e.postpaidMinutes(), () -> "entry " + e);
            }
            Map<String, JsonNode> given = packagesById(c.request());
            for (Deductions.PackageState p : c.result().packages()) {
                long before = given.get(p.packageId()).path("used").asLong();
                assertEquals(taken.getOrDefault(p.packageId(), 0L), p.used() - before,
                        () -> "package " + p.packageId() + ": used " + before + " → " + p.used());
                assertEquals(p.minutes(), p.used() + p.remaining(), () -> "package " + p);
            }
            assertEquals(given.size(), c.result().packages().size(), "one state per package held");
        });
    }

    /** No package goes below 0; package minutes are usage minutes × the kind's ratio (whole minutes only). */
    @Test
    void noOverdrawAndWholeMinutesAtTheRatio() {
        forEveryCase(c -> {
            Map<String, JsonNode> given = packagesById(c.request());
            for (Deductions.PackageState p : c.result().packages()) {
                assertTrue(p.remaining() >= 0, () -> "overdrawn: " + p);
            }
            for (Deductions.Entry e : c.result().deductions()) {
                int item = itemIndex(e.category(), e.tier());
                for (Deductions.Covered k : e.covered()) {
                    boolean trial = given.get(k.packageId()).path("kind").asText().equals("TRIAL");
                    long ratio = trial ? 1 : GENERAL_RATIO[item];
                    assertEquals(k.usageMinutes() * ratio, k.packageMinutes(), () -> "ratio " + ratio + ": " + e);
                }
            }
        });
    }

    /** Per app, billing day and item, the entries' minutes add up to ⌈seconds of that app, day and item / 60⌉. */
    @Test
    void minutesAreTheCeilingOfEachAppDayAndItem() {
        forEveryCase(c -> {
            Map<String, Long> seconds = new TreeMap<>();
            for (JsonNode u : c.request().get("usage")) {
                String day = ZonedDateTime.parse(u.get("interval").asText()).withZoneSameInstant(ZONE).toLocalDate()
                        .toString();
                String key = u.get("appId").asText() + " " + day + " " + itemIndex(u.get("category").asText(),
                        u.get("tier").isNull() ? null : u.get("tier").asText());
                seconds.merge(key, u.get("seconds").asLong(), Long::sum);
            }
            Map<String, Long> minutes = new TreeMap<>();
            for (Deductions.Entry e : c.result().deductions()) {
                String key = e.appId() + " " + e.date() + " " + itemIndex(e.category(), e.tier());
                minutes.merge(key, e.minutes(), Long::sum);
                assertEquals(e.date(), ZonedDateTime.parse(e.interval()).toLocalDate().toString(), () -> "date " + e);
            }
            Map<String, Long> expected = new TreeMap<>();
            seconds.forEach((k, s) -> expected.put(k, (s + 59) / 60));
            assertEquals(expected, minutes);
        });
    }

    /**
     * Postpaid lines: per (date, app, item) the minutes are the entries' postpaid minutes (lines with minutes > 0,
     * ordered by date, app, item), at the list price, amount = minutes × unitPrice / 1000 exactly; the total is
     * their sum.
     */
    @Test
    void postpaidLinesPriceThePostpaidMinutes() {
        forEveryCase(c -> {
            Map<List<Object>, Long> fromEntries = new LinkedHashMap<>();
            for (Deductions.Entry e : c.result().deductions()) {
                if (e.postpaidMinutes() > 0) {
                    fromEntries.merge(List.of(e.date(), e.appId(), itemIndex(e.category(), e.tier())),
                            e.postpaidMinutes(), Long::sum);
                }
            }
            Map<List<Object>, Long> fromLines = new LinkedHashMap<>();
            BigDecimal total = BigDecimal.ZERO;
            List<Object> previous = null;
            for (Deductions.PostpaidLine l : c.result().postpaid()) {
                int item = itemIndex(l.category(), l.tier());
                List<Object> key = List.of(l.date(), l.appId(), item);
                assertTrue(l.minutes() > 0, () -> "line of no minute: " + l);
                assertEquals(null, fromLines.put(key, l.minutes()), () -> "two lines for " + key);
                if (previous != null) {
                    List<Object> p = previous;
                    assertTrue(LINE_ORDER.compare(p, key) < 0, () -> "lines out of order: " + p + " then " + key);
                }
                previous = key;
                assertEquals(0, new BigDecimal(LIST_PRICE[item]).compareTo(new BigDecimal(l.unitPrice())),
                        () -> "list price of item " + item + ": " + l);
                BigDecimal amount = new BigDecimal(l.unitPrice()).multiply(BigDecimal.valueOf(l.minutes()))
                        .movePointLeft(3);
                assertEquals(0, amount.compareTo(new BigDecimal(l.amount())), () -> "amount " + l);
                total = total.add(new BigDecimal(l.amount()));
            }
            assertEquals(new TreeMap<>(stringKeys(fromEntries)), new TreeMap<>(stringKeys(fromLines)));
            assertEquals(0, total.compareTo(new BigDecimal(c.result().postpaidTotal())),
                    () -> "total " + c.result().postpaidTotal());
        });
    }

    /**
     * The allocation is the one §6a describes, recomputed here independently of the engine: entries by interval, app
     * (as strings), item; each minute from the first package valid that day (from 00:00 of its acquisition day to the
     * last day of the same month next year) in the order expiry, acquisition, packageId, among those with at least
     * the ratio left; backfill when the interval began before the package took effect (general: 5 min after
     * payment; trial: when granted).
     */
    @Test
    void allocationFollowsTheOrderOfUse() {
        forEveryCase(c -> {
            List<Model> model = new ArrayList<>();
            for (JsonNode p : c.request().get("packages")) {
                model.add(new Model(p));
            }
            model.sort(Comparator.comparing((Model m) -> m.expiresOn).thenComparing(m -> m.acquired)
                    .thenComparing(m -> m.id));
            for (Deductions.PackageState s : c.result().packages()) {
                Model m = model.stream().filter(x -> x.id.equals(s.packageId())).findFirst().orElseThrow();
                assertEquals(m.expiresOn.toString(), s.expiresOn(), () -> "expiry of " + s);
                assertEquals(m.effective, Instant.from(INSTANT.parse(s.effectiveAt())), () -> "effect of " + s);
            }
            List<String> order = new ArrayList<>();
            String last = null;
            for (Deductions.Entry e : c.result().deductions()) {
                Instant start = Instant.from(INSTANT.parse(e.interval()));
                LocalDate day = start.atZone(ZONE).toLocalDate();
                int item = itemIndex(e.category(), e.tier());
                String key = start.getEpochSecond() / 300 + "\u0000" + e.appId() + "\u0000" + item;
                if (last != null) {
                    String l = last;
                    assertTrue(ENTRY_ORDER.compare(l, key) < 0, () -> "entries out of order at " + e);
                }
                last = key;
                long left = e.minutes();
                List<Deductions.Covered> expected = new ArrayList<>();
                for (Model m : model) {
                    if (left == 0) {
                        break;
                    }
                    int ratio = m.trial ? 1 : GENERAL_RATIO[item];
                    if (day.isBefore(m.acquired.atZone(ZONE).toLocalDate()) || day.isAfter(m.expiresOn)) {
                        continue;
                    }
                    long take = Math.min(left, m.remaining / ratio);
                    if (take > 0) {
                        m.remaining -= take * ratio;
                        left -= take;
                        expected.add(new Deductions.Covered(m.id, take, take * ratio, start.isBefore(m.effective)));
                    }
                }
                assertEquals(expected, e.covered(), () -> "coverage of " + e);
                assertEquals(left, e.postpaidMinutes(), () -> "postpaid minutes of " + e);
            }
            for (Deductions.PackageState s : c.result().packages()) {
                Model m = model.stream().filter(x -> x.id.equals(s.packageId())).findFirst().orElseThrow();
                assertEquals(m.remaining, s.remaining(), () -> "remaining of " + s);
            }
        });
    }

    /**
     * Replaying several days in one request equals replaying one day per request, each carrying the packages'
     * {@code used} forward and {@code postpaid: true} once postpaid was enabled: same entries, final packages and
     * postpaid lines; TRIAL_EXHAUSTED and POSTPAID_ENABLED identical. What a request cannot carry makes the other
     * events differ, and only as follows (each checked exactly):
     * <ul>
     * <li>PACKAGE_EXPIRED is reported for an expiry within a request's span, (first interval start, last interval
     * end]; the request states no span beyond its usage, so an expiry at 00:00 falls outside both day requests when
     * the day before has no usage in its last interval (23:55) and the day after has usage at 00:00. The split
     * replays report exactly the combined expiries within one of their spans.</li>
     * <li>PACKAGES_EXHAUSTED ("already reported" is not an input): the combined events all appear; a split replay
     * may report again, but only as its first PACKAGES_EXHAUSTED.</li>
     * <li>SERVICE_STOPPED / SERVICE_RESTORED ("stopped" is not an input): every combined stop appears, a split replay
     * may stop again only as its first stop; every split restore appears in the combined replay, and a combined
     * restore may be missing only when the stop it ends was reported in an earlier day's request.</li>
     * </ul>
     */
    @Test
    void oneDayPerRequestEqualsAllDaysInOne() {
        forEveryCase(c -> {
            Map<LocalDate, ArrayNode> byDay = new TreeMap<>();
            for (JsonNode u : c.request().get("usage")) {
                LocalDate day = ZonedDateTime.parse(u.get("interval").asText()).withZoneSameInstant(ZONE)
                        .toLocalDate();
                byDay.computeIfAbsent(day, d -> json.createArrayNode()).add(u);
            }
            ObjectNode account = c.request().get("account").deepCopy();
            Map<String, Long> used = new HashMap<>();
            List<Deductions.Entry> entries = new ArrayList<>();
            List<Deductions.PostpaidLine> lines = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            List<Deductions.PackageState> last = null;
            List<List<Deductions.Event>> events = new ArrayList<>();
            List<long[]> spans = new ArrayList<>();
            for (ArrayNode usage : byDay.values()) {
                ObjectNode request = json.createObjectNode();
                request.set("account", account.deepCopy());
                ArrayNode packages = request.putArray("packages");
                for (JsonNode p : c.request().get("packages")) {
                    ObjectNode q = p.deepCopy();
                    used.computeIfPresent(p.get("packageId").asText(), (k, v) -> {
                        q.put("used", v);
                        return v;
                    });
                    packages.add(q);
                }
                request.set("usage", usage);
                Deductions d = replay(request);
                entries.addAll(d.deductions());
                lines.addAll(d.postpaid());
                total = total.add(new BigDecimal(d.postpaidTotal()));
                d.packages().forEach(p -> used.put(p.packageId(), p.used()));
                last = d.packages();
                events.add(d.events());
                long first = Long.MAX_VALUE, end = Long.MIN_VALUE;
                for (JsonNode u : usage) {
                    long at = ZonedDateTime.parse(u.get("interval").asText()).toEpochSecond();
                    first = Math.min(first, at);
                    end = Math.max(end, at + 300);
                }
                spans.add(new long[] { first, end });
                if (d.events().stream().anyMatch(e -> e.type().equals("POSTPAID_ENABLED"))) {
                    account.put("postpaid", true);
                }
            }
            Deductions all = c.result();
            assertEquals(all.deductions(), entries, "entries");
            assertEquals(all.packages(), last, "final packages");
            assertEquals(all.postpaid(), lines, "postpaid lines");
            assertEquals(0, total.compareTo(new BigDecimal(all.postpaidTotal())), "postpaid total");

            List<Deductions.Event> split = events.stream().flatMap(List::stream).toList();
            for (String type : List.of("TRIAL_EXHAUSTED", "POSTPAID_ENABLED")) {
                assertEquals(ofType(all.events(), type), ofType(split, type), type);
            }
            List<Deductions.Event> expiries = new ArrayList<>();
            for (Deductions.Event e : ofType(all.events(), "PACKAGE_EXPIRED")) {
                long at = epoch(e.at());
                if (spans.stream().anyMatch(s -> at > s[0] && at <= s[1])) {
                    expiries.add(e);
                }
            }
            assertEquals(expiries, ofType(split, "PACKAGE_EXPIRED"), "PACKAGE_EXPIRED within the day requests");
            for (String type : List.of("PACKAGES_EXHAUSTED", "SERVICE_STOPPED")) {
                List<Deductions.Event> extra = new ArrayList<>(ofType(split, type));
                for (Deductions.Event e : ofType(all.events(), type)) {
                    assertTrue(extra.remove(e), () -> type + " " + e + " of the one request is missing from the"
                            + " day requests: " + events);
                }
                for (Deductions.Event e : extra) {
                    assertTrue(events.stream().anyMatch(day -> !ofType(day, type).isEmpty()
                            && ofType(day, type).get(0).equals(e)), () -> type + " " + e + " reported again by a day"
                                    + " request, but not as its first: " + events);
                }
            }
            List<Deductions.Event> restores = new ArrayList<>(ofType(all.events(), "SERVICE_RESTORED"));
            for (Deductions.Event e : ofType(split, "SERVICE_RESTORED")) {
                assertTrue(restores.remove(e), () -> "SERVICE_RESTORED " + e + " of a day request is not in the one"
                        + " request: " + all.events());
            }
            for (Deductions.Event r : restores) {
                int at = all.events().indexOf(r);
                Deductions.Event stop = null;
                for (int i = 0; i < at; i++) {
                    if (all.events().get(i).type().equals("SERVICE_STOPPED")) {
                        stop = all.events().get(i);
                    }
                }
                Deductions.Event s = stop;
                assertTrue(s != null && request(spans, epoch(s.at())) < request(spans, epoch(r.at())),
                        () -> "SERVICE_RESTORED " + r + " missing from the day requests, though the stop it ends ("
                                + s + ") is in the same day's request: " + events);
            }
        });
    }

    /**
     * Several entries for one app, interval and item (in any order) give the answer of their sum; the same usage sent
     * already in processing order (interval, app, item) gives the same answer as sent shuffled.
     */
    @Test
    void splittingAnIntervalsSecondsChangesNothing() {
        forEveryCase(c -> {
            Random r = new Random(c.seed() ^ 0x5EC0_4D5L);
            ObjectNode request = c.request().deepCopy();
            ArrayNode parts = json.createArrayNode();
            for (JsonNode u : c.request().get("usage")) {
                long seconds = u.get("seconds").asLong();
                int n = r.nextInt(3) == 0 ? 2 + r.nextInt(3) : 1;
                for (int i = 0; i < n; i++) {
                    long s = i == n - 1 ? seconds : (long) (r.nextDouble() * (seconds + 1));
                    seconds -= s;
                    parts.add(((ObjectNode) u.deepCopy()).put("seconds", s));
                }
            }
            List<JsonNode> shuffled = new ArrayList<>();
            parts.forEach(shuffled::add);
            Collections.shuffle(shuffled, r);
            request.putArray("usage").addAll(shuffled);
            assertEquals(c.result(), replay(request), () -> "split into " + request);

            List<JsonNode> inOrder = new ArrayList<>();
            c.request().get("usage").forEach(inOrder::add);
            inOrder.sort(Comparator.comparingLong((JsonNode u) -> epoch(u.get("interval").asText()))
                    .thenComparing(u -> u.get("appId").asText())
                    .thenComparingInt(u -> itemIndex(u.get("category").asText(), u.get("tier").asText(null))));
            ObjectNode sorted = c.request().deepCopy();
            sorted.putArray("usage").addAll(inOrder);
            assertEquals(c.result(), replay(sorted), () -> "sent in processing order: " + sorted);
        });
    }

    /** The random cases reach every situation the properties speak of (else they would pass vacuously). */
    @Test
    void casesReachEverySituation() {
        Map<String, Integer> seen = new TreeMap<>();
        forEveryCase(c -> {
            Deductions d = c.result();
            d.events().forEach(e -> seen.merge("event " + e.type(), 1, Integer::sum));
            d.deductions().stream().flatMap(e -> e.covered().stream()).filter(Deductions.Covered::backfill).findAny()
                    .ifPresent(x -> seen.merge("backfill", 1, Integer::sum));
            d.deductions().stream().filter(e -> e.covered().size() > 1).findAny()
                    .ifPresent(x -> seen.merge("entry covered by two packages", 1, Integer::sum));
            d.deductions().stream().filter(e -> !e.covered().isEmpty() && e.postpaidMinutes() > 0).findAny()
                    .ifPresent(x -> seen.merge("entry partly covered", 1, Integer::sum));
            d.packages().stream().filter(p -> p.remaining() > 0 && p.remaining() < 36).findAny()
                    .ifPresent(x -> seen.merge("package left with less than a 4K minute", 1, Integer::sum));
            if (d.deductions().stream().map(Deductions.Entry::date).distinct().count() > 1) {
                seen.merge("several days", 1, Integer::sum);
            }
        });
        System.out.println("situations reached by " + CASES + " cases: " + seen);
        if (ONLY_SEED == null) {
            for (String s : List.of("event TRIAL_EXHAUSTED", "event PACKAGES_EXHAUSTED", "event PACKAGE_EXPIRED",
                    "event POSTPAID_ENABLED", "event SERVICE_STOPPED", "event SERVICE_RESTORED", "backfill",
                    "entry covered by two packages", "entry partly covered",
                    "package left with less than a 4K minute", "several days")) {
                assertTrue(seen.getOrDefault(s, 0) >= 3, () -> "the random cases reach '" + s + "' only "
                        + seen.getOrDefault(s, 0) + " times: " + seen);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cases

    private void forEveryCase(Consumer<Case> property) {
        List<String> failures = new ArrayList<>();
        int n = ONLY_SEED != null ? 1 : CASES;
        for (int i = 0; i < n; i++) {
            long seed = ONLY_SEED != null ? ONLY_SEED : BASE_SEED + i;
            Case c = cases.computeIfAbsent(seed, this::newCase);
            try {
                property.accept(c);
            } catch (AssertionError | RuntimeException e) {
                String failure = e + "\n  " + c.describe();
                System.out.println("PROPERTY FAILED: " + failure);
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + n + " cases fail; the first: " + failures.get(0));
        }
    }

    private Case newCase(long seed) {
        ObjectNode request = generate(seed);
        DeductionInput input = BINDER.bind(request, DeductionRequest.class, "").input(ZONE, QuoteLimits.standard(),
                request);
        return new Case(seed, request, input, engine.replay(input, rules));
    }

    private Deductions replay(ObjectNode request) {
        return engine.replay(BINDER.bind(request, DeductionRequest.class, "").input(ZONE, QuoteLimits.standard(),
                request), rules);
    }

    /** A random request (api.md) from its seed. */
    ObjectNode generate(long seed) {
        Random r = new Random(seed);
        int days = 1 + r.nextInt(4);
        LocalDate first = LocalDate.of(2021, 3, 1).plusDays(r.nextInt(600));
        if (r.nextBoolean()) { // span a month end: packages acquired a year before expire inside it
            first = YearMonth.from(first).atEndOfMonth().minusDays(r.nextInt(days));
        }
        ZonedDateTime start = first.atStartOfDay(ZONE);
        long spanSeconds = days * 86_400L;

        ObjectNode request = json.createObjectNode();
        ObjectNode account = request.putObject("account");
        account.put("mode", "NEW");
        account.put("postpaid", r.nextInt(4) == 0);
        account.put("trialExhaustedAction", r.nextBoolean() ? "STOP" : "POSTPAID");
        account.putNull("priceBook");

        ArrayNode packages = request.putArray("packages");
        int count = r.nextInt(7);
        boolean trial = count > 0 && r.nextBoolean();
        List<ZonedDateTime> acquisitions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean isTrial = trial && i == 0;
            long minutes = switch (r.nextInt(3)) {
                case 0 -> 1 + r.nextInt(40);
                case 1 -> 41 + r.nextInt(460);
                default -> isTrial ? 10_000 : 500 + r.nextInt(20_000);
            };
            long used = r.nextInt(5) < 2 ? 0 : (long) (r.nextDouble() * (minutes + 1));
            ZonedDateTime acquired;
            int where = r.nextInt(20);
            if (where < 3 && !acquisitions.isEmpty()) { // same instant as another: the package id decides
                acquired = acquisitions.get(r.nextInt(acquisitions.size()));
            } else if (where < 8) { // inside the span (also at 23:5x, effective the next day)
                acquired = start.plusSeconds((long) (r.nextDouble() * spanSeconds));
            } else if (where < 12) { // in the month a year before the span: expires at its first month end
                YearMonth m = YearMonth.from(first).minusYears(1);
                acquired = m.atDay(1).atStartOfDay(ZONE).plusSeconds((long) (r.nextDouble() * m.lengthOfMonth()
                        * 86_400L));
            } else { // before the span, possibly long expired
                acquired = start.minusSeconds(1 + (long) (r.nextDouble() * 420 * 86_400L));
            }
            acquisitions.add(acquired);
            ObjectNode p = packages.addObject();
            p.put("packageId", (isTrial ? "t" : "g") + (char) ('a' + r.nextInt(26)) + i);
            p.put("kind", isTrial ? "TRIAL" : "GENERAL");
            p.put("minutes", minutes);
            p.put("used", used);
            p.put("acquiredAt", acquired.format(INSTANT));
        }

        int apps = 1 + r.nextInt(4);
        List<String> appIds = new ArrayList<>();
        while (appIds.size() < apps) {
            String id = r.nextBoolean() ? "app" + r.nextInt(30) : String.valueOf(1_400_000_000L + r.nextInt(20));
            if (!appIds.contains(id)) {
                appIds.add(id);
            }
        }
        int intervals = days * 288;
        int entries = 1 + r.nextInt(r.nextBoolean() ? 60 : 500);
        double busy = r.nextDouble(); // share of entries in a few busy hours, to grow cumulative minutes
        int busyFrom = r.nextInt(intervals - 24);
        Map<String, ObjectNode> usage = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String app = appIds.get(r.nextInt(apps));
            int slot = r.nextDouble() < busy ? busyFrom + r.nextInt(24) : r.nextInt(intervals);
            int item = r.nextInt(6);
            String key = app + "/" + slot + "/" + item;
            if (usage.containsKey(key)) {
                continue;
            }
            ObjectNode u = json.createObjectNode();
            u.put("appId", app);
            u.put("interval", start.plusMinutes(5L * slot).format(INSTANT));
            u.put("category", item == 0 ? "AUDIO" : "VIDEO");
            if (item == 0) {
                u.putNull("tier");
            } else {
                u.put("tier", TIER[item]);
            }
            u.put("seconds", r.nextInt(5) == 0 ? r.nextInt(2) * 60 : r.nextInt(601));
            usage.put(key, u);
        }
        List<ObjectNode> shuffled = new ArrayList<>(usage.values());
        Collections.shuffle(shuffled, r);
        request.putArray("usage").addAll(shuffled);
        return request;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** The §6a allocation's view of one package. */
    private static final class Model {
        final String id;
        final boolean trial;
        final Instant acquired;
        final Instant effective;
        final LocalDate expiresOn;
        long remaining;

        Model(JsonNode p) {
            id = p.get("packageId").asText();
            trial = p.get("kind").asText().equals("TRIAL");
            ZonedDateTime at = ZonedDateTime.parse(p.get("acquiredAt").asText()).withZoneSameInstant(ZONE);
            acquired = at.toInstant();
            effective = trial ? acquired : acquired.plusSeconds(300);
            expiresOn = YearMonth.from(at).plusYears(1).atEndOfMonth();
            remaining = p.get("minutes").asLong() - p.get("used").asLong();
        }
    }

    private static final Comparator<List<Object>> LINE_ORDER = Comparator
            .comparing((List<Object> k) -> (String) k.get(0)).thenComparing(k -> (String) k.get(1))
            .thenComparing(k -> (Integer) k.get(2));

    /** interval, appId, item, separated by NUL. */
    private static final Comparator<String> ENTRY_ORDER = Comparator
            .comparingLong((String k) -> Long.parseLong(k.split("\u0000")[0]))
            .thenComparing(k -> k.split("\u0000")[1]).thenComparingInt(k -> Integer.parseInt(k.split("\u0000")[2]));

    private static Map<String, Long> stringKeys(Map<List<Object>, Long> map) {
        Map<String, Long> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    private static int itemIndex(String category, String tier) {
        if (category.equals("AUDIO")) {
            return 0;
        }
        for (int i = 1; i < TIER.length; i++) {
            if (TIER[i].equals(tier)) {
                return i;
            }
        }
        throw new IllegalArgumentException(category + " " + tier);
    }

    private static Map<String, JsonNode> packagesById(ObjectNode request) {
        Map<String, JsonNode> out = new HashMap<>();
        request.get("packages").forEach(p -> out.put(p.get("packageId").asText(), p));
        return out;
    }

    private static List<Deductions.Event> ofType(List<Deductions.Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private static long epoch(String at) {
        return ZonedDateTime.parse(at).toEpochSecond();
    }

    /** The index of the day request whose span holds {@code at} (or the next one, for a gap between them). */
    private static int request(List<long[]> spans, long at) {
        for (int i = 0; i < spans.size(); i++) {
            if (at <= spans.get(i)[1]) {
                return i;
            }
        }
        return spans.size();
    }
}
