package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/** The binder every request body goes through: strict, and every error at its JSON Pointer. */
class BodyBinderTest {

    enum Kind { CAMERA, SCREEN }

    record Video(@NotNull(message = "is required") Integer width, Integer height) {
    }

    record Item(@NotNull(message = "is required") @Size(max = 5, message = "must be at most 5 characters long")
            String id, Kind kind, Video video, Boolean flag) {
    }

    record Body(@Size(max = 2_000, message = "at most 2,000 items") List<Item> items, @Max(value = 9,
            message = "must be at most 9") Integer count) {
    }

    private static final BodyBinder BINDER = BodyBinder.standalone();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<FieldError> errors(String body) throws Exception {
        InputException e = assertThrows(InputException.class,
                () -> BINDER.bind(JSON.readTree(body), Body.class, "{items, count}"));
        return e.errors();
    }

    @Test
    void aValidBodyBinds() throws Exception {
        Body b = BINDER.bind(JSON.readTree("{\"items\": [{\"id\": \"a\", \"kind\": \"SCREEN\", \"video\": null,"
                + " \"flag\": true}], \"count\": 3}"), Body.class, "");
        assertEquals(new Body(List.of(new Item("a", Kind.SCREEN, null, true)), 3), b);
    }

    @Test
    void unknownFieldsAndWrongTypesAreAllListedWithHints() throws Exception {
        assertEquals(List.of(new FieldError("/items/0/flag", "must be true or false"),
                new FieldError("/items/0/vidoe", "unknown field; did you mean \"video\"?"),
                new FieldError("/items/1/kind", "unknown value \"PHONE\"; expected one of [CAMERA, SCREEN]"),
                new FieldError("/items/1/video", "must be an object"),
                new FieldError("/zzz", "unknown field; expected one of [count, items]")),
                errors("{\"items\": [{\"id\": \"a\", \"vidoe\": {}, \"flag\": {\"x\": 1}},"
                        + " {\"id\": \"b\", \"kind\": \"PHONE\", \"video\": [1]}], \"zzz\": 1}"));
    }

    @Test
    void constraintViolationsNameTheirFieldInDocumentOrder() throws Exception {
        assertEquals(List.of(new FieldError("/count", "must be at most 9"),
                new FieldError("/items/0/id", "is required"),
                new FieldError("/items/2/id", "must be at most 5 characters long"),
                new FieldError("/items/10/video/width", "is required")),
                errors("{\"count\": 10, \"items\": [{}, {\"id\": \"a\"}, {\"id\": \"abcdef\"}, {\"id\": \"a\"},"
                        + "{\"id\": \"a\"}, {\"id\": \"a\"}, {\"id\": \"a\"}, {\"id\": \"a\"}, {\"id\": \"a\"},"
                        + "{\"id\": \"a\"}, {\"id\": \"a\", \"video\": {\"height\": 1}}]}"));
    }

    @Test
    void aListOverItsLimitIsNamedWithoutCheckingItsElements() throws Exception {
        assertEquals(List.of(new FieldError("/items", "at most 2,000 items")),
                errors("{\"items\": [" + "{}, ".repeat(2_000) + "{}]}"));
    }

    @Test
    void aBodyOfFaultyElementsIsCheckedUpToTheFirstThousandErrors() throws Exception {
        List<FieldError> found = errors("{\"items\": [" + "{}, ".repeat(1_999) + "{}]}");
        assertEquals(1_001, found.size());
        assertEquals(new FieldError("/items/999/id", "is required"), found.get(999));
        assertEquals(new FieldError("", "more errors not listed: the first 1,000 found are"), found.get(1_000));
    }

    @Test
    void noScalarBecomesAnother() throws Exception {
        assertEquals(List.of(new FieldError("/count", "must be a whole number")), errors("{\"count\": \"5\"}"));
        assertEquals(List.of(new FieldError("/count", "must be a whole number")), errors("{\"count\": 5.5}"));
        assertEquals(List.of(new FieldError("/items/0/id", "must be a string")),
                errors("{\"items\": [{\"id\": 5}]}"));
        assertEquals(List.of(new FieldError("/items/0/flag", "must be true or false")),
                errors("{\"items\": [{\"id\": \"a\", \"flag\": \"true\"}]}"));
        assertEquals(List.of(new FieldError("/items", "must be an array")), errors("{\"items\": {\"id\": \"a\"}}"));
        assertEquals(List.of(new FieldError("", "the request body must be a JSON object {items, count}")),
                errors("[1]"));
    }
}
