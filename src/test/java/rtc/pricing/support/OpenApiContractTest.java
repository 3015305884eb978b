package rtc.pricing.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;

/** The contract check itself: what makes it fail the build. */
class OpenApiContractTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "paths": {"/v1/things/{id}": {"get": {"responses": {"200": {"content":
              {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {
               "id": {"type": "string"}, "size": {"type": ["integer", "null"]},
               "part": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}""";

    private static List<String> check(int status, String body) {
        Response response = new ResponseBuilder().setStatusCode(status).setContentType("application/json")
                .setBody(body).build();
        return new OpenApiContract.Contract(DOCUMENT).check("GET", "/v1/things/a", null, null, response);
    }

    @Test
    void anAnswerAsDeclaredPasses() {
        assertEquals(List.of(), check(200, "{\"id\": \"a\", \"size\": null, \"part\": {\"name\": \"n\"}}"));
    }

    @Test
    void aFieldAnsweredWithoutItsSchemaFailsTheBuild() {
        assertTrue(check(200, "{\"id\": \"a\", \"colour\": \"red\"}").toString().contains("colour"));
        assertTrue(check(200, "{\"id\": \"a\", \"part\": {\"name\": \"n\", \"extra\": 1}}").toString()
                .contains("extra"));
    }

    @Test
    void aNullWhereTheSchemaSaysNoneAndAnUndeclaredStatusFail() {
        assertTrue(check(200, "{\"id\": null}").toString().contains("null"));
        assertTrue(check(404, "{}").toString().contains("status 404 is not declared"));
    }
}
