package rtc.pricing.quote;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.support.Requests;
import rtc.pricing.support.Users;

/** POST /v1/quotes over HTTP, in the exact shape of api.md. */
@QuarkusTest
class QuoteResourceTest {

    @Test
    void theOpenApiDocumentDescribesTheBodyAsTheRecordsBindIt() {
        // One description: the limits, required fields and accepted fields come from the records' annotations.
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/quotes'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/QuoteRequest"))
                .body("components.schemas.QuoteRequest.properties", hasKey("priceBook"))
                .body("components.schemas.QuoteRequest.properties", hasKey("rulesVersion"))
                .body("components.schemas.QuoteRequest.properties.rooms.maxItems", equalTo(QuoteLimits.MAX_ROOMS))
                .body("components.schemas.Room.required", hasItem("roomId"))
                .body("components.schemas.Room.properties.subscriptions.maxItems",
                        equalTo(QuoteLimits.MAX_SUBSCRIPTIONS_PER_ROOM))
                .body("components.schemas.Recording.properties.files.maximum", equalTo(QuoteLimits.MAX_FILES))
                .body("components.schemas.QuoteUsage.properties", not(hasKey("rulesVersion")))
                .body("components.schemas.QuoteUsage.properties", not(hasKey("priceBook")));
    }

    @Test
    void pricesE4WithSettlementLinesAndPerUserAttribution() {
        String version = Users.asAnalyst().get("/v1/rules").then().extract().path("version");
        given().contentType("application/json").body(Requests.exampleRequest(Requests.E4))
                .post("/v1/quotes").then().statusCode(200)
                .contentType("application/json")
                .body("currency", equalTo("CNY"))
                .body("rulesVersion", equalTo(version))
                .body("total", equalTo("5.04"))
                .body("warnings.size()", equalTo(0))
                .body("lines.category", contains("AUDIO", "VIDEO", "VIDEO"))
                .body("lines.tier", contains(null, "SD", "FHD"))
                .body("lines.minutes", contains(60, 60, 60))
                .body("lines.seconds", contains(3600, 3600, 3600))
                .body("lines.unitPrice", contains("7.00", "14.00", "63.00"))
                .body("lines.amount", contains("0.42", "0.84", "3.78"))
                .body("lines[0]", hasKey("tier"))
                .body("lines[0]", not(hasKey("mode")))
                .body("lines[0]", not(hasKey("codec")))
                .body("attribution.find { it.userId == 'B' && it.streamId == 'C-cam' }.amount", equalTo("1.89"))
                .body("attribution.find { it.userId == 'B' && it.streamId == 'C-cam' }.tier", equalTo("FHD"))
                .body("attribution.find { it.userId == 'B' && it.streamId == 'C-cam' }.roomId", equalTo("r1"))
                .body("attribution.find { it.userId == 'B' && it.category == 'AUDIO' }", nullValue())
                .body("attribution.find { it.userId == 'A' && it.category == 'AUDIO' }.rules",
                        hasItem("A user also accrues audio while one of its subscriptions carries no video"))
                .body("attribution.find { it.userId == 'A' && it.category == 'AUDIO' }.rules",
                        hasItem("Base audio costs 7.00"));
    }

    @Test
    void anAnswerIsCompressedForAClientThatAcceptsIt() throws Exception {
        given().contentType("application/json").header("Accept-Encoding", "gzip")
                .body(Requests.exampleRequest(Requests.E4)).post("/v1/quotes").then().statusCode(200)
                .header("Content-Encoding", "gzip").body("total", equalTo("5.04"));
        // A client that does not ask (RestAssured always does) gets plain JSON.
        var plain = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/v1/quotes"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Requests.exampleRequest(Requests.E4))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, plain.statusCode());
        org.junit.jupiter.api.Assertions.assertTrue(plain.headers().firstValue("Content-Encoding").orElse("identity")
                .equals("identity"));
        org.junit.jupiter.api.Assertions.assertTrue(plain.body().contains("\"total\":\"5.04\""), plain.body());
    }

    @Test
    void valueAddedLinesCarryModeAndCodec() {
        String body = """
                {"recordings": [{"taskId": "rec", "mode": "SINGLE", "files": 2, "inputs": [
                   {"streamId": "A", "audio": true, "video": {"width": 1280, "height": 720},
                    "from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:10:00+08:00"}]}],
                 "transcodings": [{"taskId": "mcu", "codec": "H265", "output": {"audio": true, "video": {"width": 1280, "height": 720}},
                   "inputs": [{"streamId": "A", "audio": true, "video": {"width": 1920, "height": 1080},
                    "from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:10:00+08:00"}]}]}
                """;
        given().contentType("application/json").body(body).post("/v1/quotes").then().statusCode(200)
                // single-stream HD 14 × 10 min × 2 files = 0.28; H.265 FHD 136 × 10 min = 1.36
                .body("lines.service", contains("RECORDING", "TRANSCODING"))
                .body("lines.mode", contains("SINGLE", null))
                .body("lines.codec", contains(null, "H265"))
                .body("lines.minutes", contains(20, 10))
                .body("lines.amount", contains("0.28", "1.36"))
                .body("attribution.taskId", contains("rec", "mcu"))
                .body("attribution.streamId", contains("A", "A"))
                .body("total", equalTo("1.64"));
    }

    @Test
    void receivingAStreamWhosePublisherIsAbsentIsBilledWithAWarning() {
        String body = """
                {"rooms": [{"roomId": "r",
                  "users": [{"userId": "A", "presence": [{"from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:05:00+08:00"}]},
                            {"userId": "B", "presence": [{"from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:10:00+08:00"}]}],
                  "streams": [{"streamId": "A-cam", "userId": "A", "type": "CAMERA", "video": {"width": 640, "height": 480}}],
                  "subscriptions": [{"userId": "B", "streamId": "A-cam", "from": "2022-06-01T10:00:00+08:00", "to": "2022-06-01T10:10:00+08:00"}]}]}
                """;
        // B receives A-cam 10 min (SD 0.14); A is alone 5 min (audio 0.035).
        given().contentType("application/json").body(body).post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("0.175"))
                .body("warnings.size()", equalTo(1))
                .body("warnings[0]", org.hamcrest.Matchers.startsWith("/rooms/0/subscriptions/0: user 'B' receives stream 'A-cam'"));
    }

    @Test
    void aQuoteNamesAContractPriceBookAndAnUnknownBookIs400() {
        String e3 = Requests.exampleRequest(Requests.E3);
        // E3 under the sample legacy book: FHD 30 min and SD 30 min, each at 15.00 per 1,000 minutes.
        given().contentType("application/json").body(e3.replaceFirst("\\{", "{\"priceBook\": \"legacy-unified-sample\", "))
                .post("/v1/quotes").then().statusCode(200)
                .body("total", equalTo("0.90"))
                .body("lines.unitPrice", contains("15.00", "15.00"))
                .body("lines[0].rules", hasItem("A contract price book replaces the list price of the items it prices"));
        given().contentType("application/json").body(e3.replaceFirst("\\{", "{\"priceBook\": \"nobody's\", "))
                .post("/v1/quotes").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/priceBook"));
    }

    @Test
    void itemsSumEachBillingItemsLinesOverTheDays() {
        // E3's room on two days: each day SD 30 min 0.42 and FHD 30 min 1.89; the items sum them, the page shows
        // them (it adds no money itself), and they add up to the total.
        String room = """
                {"roomId": "%s",
                 "users": [{"userId": "A", "presence": [{"from": "%sT00:00:00+08:00", "to": "%sT00:30:00+08:00"}]},
                           {"userId": "B", "presence": [{"from": "%sT00:00:00+08:00", "to": "%sT00:30:00+08:00"}]}],
                 "streams": [{"streamId": "A-cam", "userId": "A", "type": "CAMERA", "video": {"width": 640, "height": 360}},
                             {"streamId": "B-cam", "userId": "B", "type": "CAMERA", "video": {"width": 1920, "height": 1080}}],
                 "subscriptions": [{"userId": "A", "streamId": "B-cam", "from": "%sT00:00:00+08:00", "to": "%sT00:30:00+08:00"},
                                   {"userId": "B", "streamId": "A-cam", "from": "%sT00:00:00+08:00", "to": "%sT00:30:00+08:00"}]}
                """;
        String body = "{\"rooms\": [" + room.formatted("d1", "2022-06-01", "2022-06-01", "2022-06-01", "2022-06-01",
                "2022-06-01", "2022-06-01", "2022-06-01", "2022-06-01") + ","
                + room.formatted("d2", "2022-06-02", "2022-06-02", "2022-06-02", "2022-06-02", "2022-06-02",
                        "2022-06-02", "2022-06-02", "2022-06-02") + "]}";
        given().contentType("application/json").body(body).post("/v1/quotes").then().statusCode(200)
                .body("lines.size()", equalTo(4))
                .body("items.tier", contains("SD", "FHD"))
                .body("items.service", contains("BASE", "BASE"))
                .body("items.days", contains(2, 2))
                .body("items.seconds", contains(3600, 3600))
                .body("items.minutes", contains(60, 60))
                .body("items.unitPrice", contains("14.00", "63.00"))
                .body("items.amount", contains("0.84", "3.78"))
                .body("total", equalTo("4.62"));
    }
}
