package rtc.pricing.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.facts.VideoFormat;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleCompiler;
import rtc.pricing.rules.RuleSet;

/** The real tier rules (rules/tiers.drl) at every boundary of policy §1, through a real quote. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TierBoundariesTest {

    private final QuoteEngine engine = new QuoteEngine(ZoneId.of("Asia/Shanghai"), n -> { });
    private final RuleSet rules = new RuleCompiler(VideoFormat.class).compile(rtc.pricing.support.RulesFolder.FIXTURE)
            .ruleSet();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}x{1} is {2}")
    @CsvSource({
            "640, 480, SD", "641, 480, HD", "1280, 720, HD", "1281, 720, FHD", "1920, 1080, FHD",
            "1921, 1080, 2K", "2560, 1440, 2K", "2561, 1440, 4K", "4096, 2176, 4K",
            "480, 640, SD", "720, 360, SD", "1, 1, SD" })
    void classifiesByPixelArea(int width, int height, String tier) throws Exception {
        Quote quote = engine.quote(QuoteRequest.read(json.readTree(oneMinuteOf(width, height))), rules);
        Quote.Attribution video = quote.attribution().stream().filter(a -> a.category().equals("VIDEO"))
                .findFirst().orElseThrow();
        assertEquals(tier, video.tier());
        assertTrue(video.rules().contains("A resolution is in the tier whose area range holds its area"),
                video.rules().toString());
    }

    @ParameterizedTest(name = "{0}x{1} has no tier")
    @CsvSource({ "4097, 2176", "2176, 4097", "8192, 4320" })
    void aboveFourKIsAnInputErrorNamingTheStream(int width, int height) throws Exception {
        InputException e = assertThrows(InputException.class,
                () -> engine.quote(QuoteRequest.read(json.readTree(oneMinuteOf(width, height))), rules));
        assertEquals(List.of("/rooms/0/streams/0/video"), e.errors().stream().map(FieldError::pointer).toList());
        assertTrue(e.errors().get(0).message().contains(width + "x" + height), e.errors().get(0).message());
    }

    @ParameterizedTest(name = "{0}x{1} is refused")
    @CsvSource({ "0, 480, width", "640, -1, height" })
    void aNonPositiveSideIsAnInputErrorNamingTheField(int width, int height, String field) throws Exception {
        InputException e = assertThrows(InputException.class,
                () -> QuoteRequest.read(json.readTree(oneMinuteOf(width, height))));
        assertEquals(List.of("/rooms/0/streams/0/video/" + field),
                e.errors().stream().map(FieldError::pointer).toList());
    }

    private static String oneMinuteOf(int width, int height) {
        return """
                {"rooms": [{"roomId": "r",
                  "users": [{"userId": "A", "presence": [{"from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:01:00+08:00"}]},
                            {"userId": "B", "presence": [{"from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:01:00+08:00"}]}],
                  "streams": [{"streamId": "A-cam", "userId": "A", "type": "CAMERA", "video": {"width": %d, "height": %d}}],
                  "subscriptions": [{"userId": "B", "streamId": "A-cam", "from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:01:00+08:00"}]}]}
                """.formatted(width, height);
    }
}
