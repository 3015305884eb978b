package rtc.pricing.settle;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import rtc.pricing.advice.PackageAdviceRequest;
import rtc.pricing.advice.PackageAdvice;
import rtc.pricing.gate.RulesCheckCommand;
import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionRequest;
import rtc.pricing.packages.Deductions;
import rtc.pricing.quote.Quote;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.quote.QuoteRequest;
import rtc.pricing.rules.RuleRegistry;
import rtc.pricing.rules.RuleSet;
import rtc.pricing.support.RulesFolder;
import rtc.pricing.support.Users;

/**
 * One path from usage to money: the same random day of base-service usage, under the fixture rules plus a one-day
 * promotion and an app's discount, with or without a contract price book, costs the same to the last digit as a
 * quote's total, a deduction replay's postpaid total (no packages, postpaid on), package advice's postpaid (list
 * prices: advice takes no book) and the ledger's settled bill. Reproducible by seed.
 */
@QuarkusTest
class OnePricingPathTest {

    /** Requests bound as POST /v1/deductions binds them. */
    private static final BodyBinder BINDER = BodyBinder.standalone();

    private static final String DAY = "2020-04-15";
    /** The apps the test promotion gives 10% off audio. */
    private static final String PROMOTED_APPS = "1400661";
    private static final String PROMOTIONS = """
            // Test promotions: a one-day video discount, and one app's audio discount.
            package pricing;

            import java.math.BigDecimal;
            import rtc.pricing.facts.*;

            rule "Base-service video is 20% off on 2020-04-15"
            when
                $l : SettlementLine(between("2020-04-15", "2020-04-15"), item.service == Service.BASE,
                        item.category == Category.VIDEO)
            then
                insert(Adjustment.of($l, $l.amount().multiply(new BigDecimal("-0.20")), kcontext));
            end

            rule "Apps 1400661… pay 10% less for base-service audio"
            when
                $l : SettlementLine(appId != null, appId.startsWith("1400661"), item.service == Service.BASE,
                        item.category == Category.AUDIO)
            then
                insert(Adjustment.of($l, $l.amount().multiply(new BigDecimal("-0.10")), kcontext));
            end
            """;
    /** One resolution per tier of the fixture, and null: a user who receives no video accrues audio. */
    private static final int[][] RESOLUTIONS = {null, {640, 360}, {1280, 720}, {1920, 1080}, {2560, 1440},
            {3840, 2160}};
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static RuleSet promoted;

    @Inject
    RuleRegistry registry;
    @Inject
    QuoteEngine quotes;
    @Inject
    DeductionEngine deductions;
    @Inject
    PackageAdvice advice;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void promotionsServeInApril2020() {
        Path folder = RulesFolder.copyOfFixture("promoted", false);
        RulesFolder.write(folder.resolve("promotions.drl"), PROMOTIONS);
        promoted = RulesCheckCommand.compiler().compile(folder).ruleSet();
    }

    @Test
    void everyEndpointThatShowsMoneyShowsTheSameAmount() throws Exception {
        RuleSet serving = registry.current().orElseThrow();
        // The ledger settles a day with the rules that served at its end: the promoted set, for April 2020 only.
        registry.history().record(promoted, OffsetDateTime.parse("2020-04-01T00:00:00+08:00").toInstant());
        registry.history().record(serving, OffsetDateTime.parse("2020-05-01T00:00:00+08:00").toInstant());
        long seed = Long.getLong("pricing.test.seed", System.nanoTime());
        Random random = new Random(seed);
        int promotedCases = 0;
        for (int n = 0; n < 16; n++) {
            String app = (n % 2 == 0 ? PROMOTED_APPS : "1400662") + String.format("%03d", n);
            String book = random.nextInt(3) == 0 ? "legacy-unified-sample" : null;
            Day day = Day.random(random, app);
            String context = "seed " + seed + ", case " + n + " (app " + app + ", book " + book + ")";

            BigDecimal quote = quoteTotal(day, book);
            BigDecimal postpaid = deductionsPostpaid(day, book);
            BigDecimal bill = settledBill("one-path-" + n, day, book);
            assertEquals(0, quote.compareTo(postpaid), context + ": quote " + quote + ", deductions " + postpaid);
            assertEquals(0, quote.compareTo(bill), context + ": quote " + quote + ", bill " + bill);
            if (book == null) {
                BigDecimal advised = advicePostpaid(day);
                assertEquals(0, quote.compareTo(advised), context + ": quote " + quote + ", advice " + advised);
            }
            if (day.promoted()) {
                promotedCases++;
            }
        }
        // The property is only worth something if the promotions apply: most random days have video.
        assertEquals(true, promotedCases >= 8, "seed " + seed + ": only " + promotedCases + " promoted cases");
    }

    private BigDecimal quoteTotal(Day day, String book) {
        ObjectNode request = day.quoteRequest(json);
        if (book != null) {
            request.put("priceBook", book);
        }
        Quote q = quotes.quote(QuoteRequest.read(request, QuoteLimits.standard()), promoted);
        assertEquals(true, q.lines().stream().anyMatch(l -> l.adjustments() != null) || !day.promoted(),
                "a promoted day shows its adjustments: " + q.lines());
        return new BigDecimal(q.total());
    }

    private BigDecimal deductionsPostpaid(Day day, String book) {
        ObjectNode request = json.createObjectNode();
        ObjectNode account = request.putObject("account");
        account.put("mode", "NEW").put("postpaid", true).put("priceBook", book);
        request.putArray("packages");
        ArrayNode usage = request.putArray("usage");
        day.entries.forEach(e -> usage.addObject().put("appId", day.app).put("interval", e.interval())
                .put("category", e.tier() == null ? "AUDIO" : "VIDEO").put("tier", e.tier())
                .put("seconds", e.seconds()));
        Deductions d = deductions.replay(BINDER.bind(request, DeductionRequest.class, "").input(ZONE,
                QuoteLimits.standard(), request), promoted);
        return new BigDecimal(d.postpaidTotal());
    }

    private BigDecimal advicePostpaid(Day day) {
        ObjectNode request = json.createObjectNode();
        request.set("quote", day.quoteRequest(json));
        return new BigDecimal(advice.advise(PackageAdviceRequest.read(request, ZONE, QuoteLimits.standard()), promoted,
                null).postpaid());
    }

    private BigDecimal settledBill(String accountId, Day day, String book) throws Exception {
        ObjectNode account = json.createObjectNode().put("accountId", accountId)
                .put("registeredAt", "2020-01-02T10:00:00+08:00").put("priceBook", book);
        Users.asAdmin().contentType("application/json").body(account.toString()).post("/v1/accounts").then()
                .statusCode(201);
        Users.asAdmin().contentType("application/json").body("{\"appId\": \"" + day.app + "\", \"createdAt\":"
                + " \"2020-01-02T10:00:00+08:00\"}").post("/v1/accounts/" + accountId + "/apps").then().statusCode(201);
        Users.asAdmin().contentType("application/json").body("{\"at\": \"2020-01-02T11:00:00+08:00\"}")
                .post("/v1/accounts/" + accountId + "/postpaid").then().statusCode(200);
        ObjectNode batch = json.createObjectNode();
        ArrayNode reports = batch.putArray("reports");
        int i = 0;
        for (Entry e : day.entries) {
            reports.addObject().put("reportId", accountId + "-" + i++).put("appId", day.app)
                    .put("interval", e.interval()).put("service", "BASE")
                    .put("category", e.tier() == null ? "AUDIO" : "VIDEO").put("tier", e.tier())
                    .put("seconds", e.seconds());
        }
        Users.asBilling().contentType("application/json").body(batch.toString()).post("/v1/usage").then()
                .statusCode(200);
        Users.asAdmin().post("/v1/settlements/" + DAY).then().statusCode(200)
                .body("rulesVersion", equalTo(promoted.version()));
        JsonPath bills = Users.asAdmin().queryParam("from", DAY).queryParam("to", DAY)
                .get("/v1/accounts/" + accountId + "/bills").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(day.app), bills.getList("appId"));
        return new BigDecimal(bills.getString("[0].total"));
    }

    /** Base-service seconds of one app in one 5-minute interval of the day, of one item (tier null: audio). */
    private record Entry(String interval, String tier, long seconds) {
    }

    /**
     * A random day of one app: rooms of two users present for the same seconds inside one 5-minute interval, each
     * receiving the other's camera at a random tier, or nothing (then audio). The entries are what each user accrues.
     */
    private static final class Day {
        final String app;
        final List<Entry> entries = new ArrayList<>();
        final List<long[]> rooms = new ArrayList<>(); // start minute, seconds, resolution index of A's and B's camera

        private Day(String app) {
            this.app = app;
        }

        static Day random(Random random, String app) {
            Day day = new Day(app);
            int rooms = 1 + random.nextInt(8);
            for (int r = 0; r < rooms; r++) {
                long minute = 5L * random.nextInt(288);
                long seconds = 1 + random.nextInt(300);
                int aCam = random.nextInt(RESOLUTIONS.length), bCam = random.nextInt(RESOLUTIONS.length);
                day.rooms.add(new long[] {minute, seconds, aCam, bCam});
                String interval = at(minute, 0);
                day.entries.add(new Entry(interval, tier(bCam), seconds)); // A receives B's camera
                day.entries.add(new Entry(interval, tier(aCam), seconds));
            }
            return day;
        }

        boolean hasVideo() {
            return entries.stream().anyMatch(e -> e.tier() != null);
        }

        boolean promoted() {
            return hasVideo() || app.startsWith(PROMOTED_APPS);
        }

        private static String tier(int resolution) {
            return switch (resolution) {
                case 0 -> null;
                case 1 -> "SD";
                case 2 -> "HD";
                case 3 -> "FHD";
                case 4 -> "2K";
                default -> "4K";
            };
        }

        private static String at(long minute, long plusSeconds) {
            return OffsetDateTime.parse(DAY + "T00:00:00+08:00").plusMinutes(minute).plusSeconds(plusSeconds)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }

        ObjectNode quoteRequest(ObjectMapper json) {
            ObjectNode q = json.createObjectNode().put("appId", app);
            ArrayNode roomsNode = q.putArray("rooms");
            int n = 0;
            for (long[] r : rooms) {
                ObjectNode room = roomsNode.addObject().put("roomId", "r" + n++);
                String from = at(r[0], 0), to = at(r[0], r[1]);
                ArrayNode users = room.putArray("users");
                ArrayNode streams = room.putArray("streams");
                ArrayNode subs = room.putArray("subscriptions");
                for (String user : new String[] {"A", "B"}) {
                    users.addObject().put("userId", user).putArray("presence").addObject().put("from", from)
                            .put("to", to);
                    int cam = (int) (user.equals("A") ? r[2] : r[3]);
                    if (cam != 0) {
                        streams.addObject().put("streamId", user + "-cam").put("userId", user).put("type", "CAMERA")
                                .putObject("video").put("width", RESOLUTIONS[cam][0]).put("height",
                                        RESOLUTIONS[cam][1]);
                        subs.addObject().put("userId", user.equals("A") ? "B" : "A").put("streamId", user + "-cam")
                                .put("from", from).put("to", to);
                    }
                }
            }
            return q;
        }
    }
}
