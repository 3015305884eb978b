package rtc.pricing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code docs/openapi.json} is the published contract, and the typed client of the tests is generated from it at
 * build time; the service serves its own at {@code /q/openapi}, generated from the request and response records.
 * They are one document: this test fails as soon as they differ, and writes the served one beside the build so that
 * the change can be read ({@code diff}) and taken ({@code cp}).
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Path PUBLISHED = Path.of("docs/openapi.json");
    private static final Path SERVED = Path.of("target/openapi-served.json");

    @Test
    void thePublishedDocumentIsTheServedOne() throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode served = json.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        JsonNode published = json.readTree(PUBLISHED.toFile());
        if (!served.equals(published)) {
            Files.createDirectories(SERVED.getParent());
            Files.writeString(SERVED, json.writeValueAsString(served) + "\n");
            fail("docs/openapi.json is not the document the service serves; read the change with `diff " + PUBLISHED
                    + " " + SERVED + "` and, if it is meant, take it with `cp " + SERVED + " " + PUBLISHED + "`");
        }
    }
}
