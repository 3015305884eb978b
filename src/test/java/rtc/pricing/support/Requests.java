package rtc.pricing.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Request bodies taken from the documented examples of the tests' fixture rules, so tests send exactly what the policy documents. */
public final class Requests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    public static String exampleRequest(String fileName) {
        try {
            JsonNode example = JSON.readTree(RulesFolder.FIXTURE.resolve("examples").resolve(fileName).toFile());
            return JSON.writeValueAsString(example.get("request"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String E2 = "E2-three-users-audio-only.json";
    public static final String E3 = "E3-two-users-receive-each-others-video.json";
    public static final String E4 = "E4-audio-and-video-mixed.json";
}
