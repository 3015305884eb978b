package rtc.pricing.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.problem.FieldError;
import rtc.pricing.problem.InputException;

/** POST /v1/deductions' body bound by its record: every error at its JSON Pointer, the checks across fields after. */
class DeductionRequestBindingTest {

    private static final BodyBinder BINDER = BodyBinder.standalone();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> pointers(String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        InputException e = assertThrows(InputException.class, () -> BINDER.bind(tree, DeductionRequest.class, "")
                .input(ZoneId.of("Asia/Shanghai"), QuoteLimits.standard(), tree));
        return e.errors().stream().map(FieldError::pointer).toList();
    }

    @Test
    void unknownMembersAreNamedWhereTheyAreEvenWhenTheyHoldAnObjectOrAnArray() throws Exception {
        // A record meets its unknown members replayed from a buffer: their pointers must still name them.
        assertEquals(List.of("/account/c", "/usage/0/a", "/usage/0/appId", "/usage/0/b", "/usage/0/category",
                "/usage/0/interval", "/usage/0/seconds"),
                pointers("{\"usage\": [{\"a\": [1], \"b\": 1}], \"account\": {\"c\": {}, \"mode\": \"NEW\"}}"));
        assertEquals(List.of("/pkgs"), pointers("{\"pkgs\": {\"a\": 1}}"));
    }

    @Test
    void nullIsNoListAndMalformedInstantsAreListedWithTheOtherErrors() throws Exception {
        assertEquals(List.of("/packages", "/usage"), pointers("{\"packages\": null, \"usage\": null}"));
        assertEquals(List.of("/packages/0/acquiredAt", "/packages/0/kind", "/packages/0/minutes", "/usage/0/extra",
                "/usage/0/seconds"), pointers("""
                {"packages": [{"packageId": "p", "kind": "GOLD", "minutes": 0, "acquiredAt": "yesterday"}],
                 "usage": [{"appId": "a", "interval": "2022-06-01T10:05:00+08:00", "category": "AUDIO",
                            "seconds": -1, "extra": 1}]}"""));
    }

    @Test
    void theChecksAcrossFieldsNameEachEntry() throws Exception {
        assertEquals(List.of("/packages/1/used", "/usage/0/tier", "/usage/1/interval", "/packages/2/packageId"),
                pointers("""
                {"packages": [{"packageId": "p", "kind": "TRIAL", "minutes": 10, "acquiredAt": "2022-06-01T00:00:00Z"},
                              {"packageId": "q", "kind": "GENERAL", "minutes": 10, "used": 11,
                               "acquiredAt": "2022-06-01T00:00:00Z"},
                              {"packageId": "p", "kind": "GENERAL", "minutes": 10,
                               "acquiredAt": "2022-06-01T00:00:00Z"}],
                 "usage": [{"appId": "a", "interval": "2022-06-01T10:05:00+08:00", "category": "VIDEO", "seconds": 1},
                           {"appId": "a", "interval": "2022-06-01T10:03:00+08:00", "category": "AUDIO",
                            "seconds": 1}]}"""));
    }
}
