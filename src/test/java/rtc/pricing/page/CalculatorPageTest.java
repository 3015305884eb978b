package rtc.pricing.page;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The calculator page at / in Debian's headless Chromium: a buyer picks a scenario, changes a resolution and a
 * duration, and sees the figures POST /v1/quotes answers for exactly the request the page sent; the language
 * switches to Chinese and stays so. Screenshots (desktop and phone width, both languages) go to
 * target/screenshots/. Without chromium and chromedriver the test is skipped and says so, unless
 * PRICING_TEST_REQUIRE_BROWSER=true (CI), which makes their absence a failure.
 */
@QuarkusTest
class CalculatorPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String TAB = "\uE004";
    private static final String ENTER = "\uE007";

    @TestHTTPResource("/")
    URL root;

    @Test
    void aBuyerPricesAMonthAndSeesTheServicesFiguresInBothLanguages() throws Exception {
        Optional<Path> chromedriver = WebDriverClient.chromedriver();
        boolean present = chromedriver.isPresent() && WebDriverClient.chromiumInstalled();
        String missing = "the browser tests need Debian's chromium (" + WebDriverClient.CHROMIUM + ") and "
                + "chromium-driver (chromedriver on the PATH): apt-get install -y chromium chromium-driver";
        if (!present && "true".equals(System.getenv("PRICING_TEST_REQUIRE_BROWSER"))) {
            throw new AssertionError("PRICING_TEST_REQUIRE_BROWSER=true but " + missing);
        }
        Assumptions.assumeTrue(present, "Skipped: " + missing);

        try (WebDriverClient browser = WebDriverClient.start(chromedriver.get(), 1280, 1000,
                Path.of("target", "chromedriver.log"))) {
            browser.get(root.toString());
            settled(browser, 0);
            assertEquals("en", browser.execute("return document.documentElement.lang").asText());

            // A preset, then a resolution and a duration changed by hand.
            int seq = seq(browser);
            browser.select("#preset", "class");
            seq = settled(browser, seq);
            browser.select("#pubCamera", "1920x1080");
            String minutes = browser.find("#minutes");
            browser.clear(minutes);
            browser.sendKeys(minutes, "75");
            seq = settled(browser, seq);
            assertEquals("custom", browser.execute("return document.getElementById('preset').value").asText(),
                    "edited by hand: no longer the preset");

            JsonNode sent = JSON.readTree(browser.execute("return JSON.stringify(window.lastQuoteRequest)").asText());
            JsonNode day1 = sent.path("rooms").path(0);
            assertEquals(1920, day1.path("streams").path(0).path("video").path("width").asInt(), "the camera chosen");
            assertEquals(22, sent.path("rooms").size(), "the online class's 22 days, one room a day");
            JsonNode stay = day1.path("users").path(0).path("presence").path(0);
            assertEquals(75L * 60, Duration.between(java.time.OffsetDateTime.parse(stay.path("from").asText()),
                    java.time.OffsetDateTime.parse(stay.path("to").asText())).toSeconds(), "75 minutes a day");
            assertTrue(sent.has("recordings"), "the class preset records");

            // The page's figures are the service's, to the cent: the total, each item and each line.
            Response priced = given().contentType("application/json").body(sent.toString()).post("/v1/quotes");
            assertEquals(200, priced.statusCode(), priced.asString());
            JsonNode quote = JSON.readTree(priced.asString());
            String shownTotal = browser.attribute(browser.find("#total"), "data-amount");
            assertEquals(quote.path("total").asText(), shownTotal);
            assertEquals("CNY " + group(shownTotal), browser.text(browser.find("#total")).replace('\n', ' '));
            assertNotEquals(0, new BigDecimal(shownTotal).signum());
            List<String> shownItems = amounts(browser, "#items tbody tr td.amount .money");
            List<String> items = new ArrayList<>();
            quote.path("items").forEach(i -> items.add(i.path("amount").asText()));
            assertEquals(items, shownItems, "per item, in the service's order");
            BigDecimal linesSum = BigDecimal.ZERO;
            for (JsonNode line : quote.path("lines")) {
                linesSum = linesSum.add(new BigDecimal(line.path("amount").asText()));
            }
            assertEquals(0, linesSum.compareTo(new BigDecimal(shownTotal)), "the lines add up to the total shown");
            for (JsonNode item : quote.path("items")) {
                String row = "#items tr[data-item='" + item.path("service").asText() + "|" + item.path("category")
                        .asText() + "|" + item.path("tier").asText("") + "|" + item.path("mode").asText("") + "|"
                        + item.path("codec").asText("") + "']";
                String text = browser.text(browser.find(row));
                assertTrue(text.contains(group(String.valueOf(item.path("minutes").asLong()))), text);
                if (item.hasNonNull("unitPrice")) {
                    assertTrue(text.contains(item.path("unitPrice").asText()), text);
                }
                // what it is made of: the rules' own names, from the lines and the attribution
                String rules = browser.execute("return arguments[0].querySelector('details').textContent",
                        element(browser.find(row))).asText();
                for (JsonNode line : quote.path("lines")) {
                    if (line.path("service").equals(item.path("service")) && line.path("tier").equals(item.path("tier"))
                            && line.path("category").equals(item.path("category"))) {
                        line.path("rules").forEach(r -> assertTrue(rules.contains(r.asText()), r.asText()));
                    }
                }
            }

            // Package advice: postpaid and the top options, each as POST /v1/package-advice answers the same usage.
            assertEquals("ready", browser.attribute(browser.find("#advice"), "data-state"));
            Response advice = given().contentType("application/json")
                    .body("{\"quote\": " + sent + "}").post("/v1/package-advice");
            assertEquals(200, advice.statusCode(), advice.asString());
            JsonNode answer = JSON.readTree(advice.asString());
            List<String> expected = new ArrayList<>();
            expected.add(answer.path("postpaid").asText());
            for (int i = 0; i < Math.min(3, answer.path("options").size()); i++) {
                expected.add(answer.path("options").path(i).path("total").asText());
            }
            assertEquals(expected, amounts(browser, "#advice .option-total .money"));
            browser.execute("document.querySelectorAll('#items details')[0].open = true");
            fullPage(browser, 1280, "calculator-desktop-en.png");

            // Chinese, remembered across a reload.
            browser.click(browser.find("#lang"));
            assertEquals("zh-CN", browser.execute("return document.documentElement.lang").asText());
            assertEquals("实时音视频价格计算器", browser.text(browser.find("h1")));
            assertTrue(browser.text(browser.find("#summary")).contains("本月预估总费用"));
            assertEquals(shownTotal, browser.attribute(browser.find("#total"), "data-amount"), "same figures");
            browser.get(root.toString());
            settled(browser, 0);
            assertEquals("zh-CN", browser.execute("return document.documentElement.lang").asText(), "remembered");
            assertEquals("English", browser.text(browser.find("#lang")));
            browser.select("#preset", "live");
            settled(browser, seq(browser));
            fullPage(browser, 1280, "calculator-desktop-zh.png");
            fullPage(browser, 360, "calculator-phone-zh.png");
            // Keyboard: Tab moves from field to field, Enter on the language button switches back to English.
            browser.sendKeys(browser.find("#preset"), TAB);
            assertEquals("publishers", browser.execute("return document.activeElement.id").asText());
            browser.sendKeys(browser.find("#lang"), ENTER);
            assertEquals("RTC price calculator", browser.text(browser.find("h1")));
            assertEquals("en", browser.execute("return document.documentElement.lang").asText());
            fullPage(browser, 360, "calculator-phone-en.png");

            // More viewers than the quote's limits allow for a month: the page prices fewer, says so, and still
            // shows the service's figures for what it sent.
            seq = seq(browser);
            String viewers = browser.find("#viewers");
            browser.clear(viewers);
            browser.sendKeys(viewers, "100000");
            seq = settled(browser, seq);
            assertEquals("ready", browser.attribute(browser.find("#summary"), "data-state"));
            assertTrue(browser.text(browser.find("#notes")).contains("not 100,000"),
                    browser.text(browser.find("#notes")));
            JsonNode capped = JSON.readTree(browser.execute("return JSON.stringify(window.lastQuoteRequest)").asText());
            int users = capped.path("rooms").path(0).path("users").size();
            assertTrue(users > 2 && users < 100_002, "viewers capped: " + users);
            Response cappedQuote = given().contentType("application/json").body(capped.toString()).post("/v1/quotes");
            assertEquals(200, cappedQuote.statusCode());
            assertEquals(cappedQuote.jsonPath().getString("total"),
                    browser.attribute(browser.find("#total"), "data-amount"));
        }
    }

    @Test
    void thePageIsPublicAndWritesNoPriceOrTier() throws Exception {
        // Served anonymously, as the endpoints it calls (the /v1 security setup is untouched).
        given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"));
        for (String file : List.of("app.js", "i18n.js", "app.css")) {
            given().get("/" + file).then().statusCode(200);
        }
        // Every figure comes from the service: no decimal number and no tier name in the page's script.
        Path resources = Path.of("src", "main", "resources", "META-INF", "resources");
        for (String file : List.of("app.js", "i18n.js", "index.html")) {
            String text = java.nio.file.Files.readString(resources.resolve(file));
            assertFalse(java.util.regex.Pattern.compile("\\d\\.\\d").matcher(text).find(), file + " holds a decimal");
            for (String tier : List.of("'SD'", "'HD'", "'FHD'", "\"SD\"", "\"HD\"", "\"FHD\"")) {
                assertFalse(text.contains(tier), file + " names the tier " + tier);
            }
        }
    }

    /** Waits until the page has priced its latest inputs (a newer answer than {@code after}); returns its number. */
    private static int settled(WebDriverClient browser, int after) {
        browser.waitUntil(SETTLE, "the page to show a newer quote than #" + after, () -> {
            JsonNode s = browser.execute("return [document.body.dataset.pending || '', "
                    + "document.body.dataset.quoteSeq || '0']");
            return "false".equals(s.path(0).asText()) && Integer.parseInt(s.path(1).asText()) > after;
        });
        return seq(browser);
    }

    private static int seq(WebDriverClient browser) {
        return Integer.parseInt(browser.execute("return document.body.dataset.quoteSeq || '0'").asText());
    }

    private static List<String> amounts(WebDriverClient browser, String css) {
        List<String> out = new ArrayList<>();
        browser.execute("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.dataset.amount)", css)
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    private static java.util.Map<String, String> element(String id) {
        return java.util.Map.of("element-6066-11e4-a52e-4f735466cecf", id);
    }

    /** Thousands separators, as the page writes figures. */
    private static String group(String decimal) {
        String[] parts = decimal.split("\\.", 2);
        String whole = parts[0].replaceAll("\\B(?=(\\d{3})+(?!\\d))", ",");
        return parts.length == 1 ? whole : whole + "." + parts[1];
    }

    /** A screenshot of the whole page at {@code width}: the window is made as tall as the page. */
    private static void fullPage(WebDriverClient browser, int width, String name) throws Exception {
        browser.windowSize(width, 900);
        int height = browser.execute("return Math.ceil(document.documentElement.scrollHeight)").asInt();
        browser.windowSize(width, Math.min(height + 120, 8000));
        browser.execute("window.scrollTo(0, 0)");
        browser.screenshot(SHOTS.resolve(name));
    }
}
