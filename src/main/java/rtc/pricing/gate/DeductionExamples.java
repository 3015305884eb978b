package rtc.pricing.gate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rtc.pricing.http.BodyBinder;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.packages.DeductionEngine;
import rtc.pricing.packages.DeductionInput;
import rtc.pricing.packages.DeductionRequest;
import rtc.pricing.packages.Deductions;
import rtc.pricing.problem.InputException;
import rtc.pricing.rules.RuleSet;

/**
 * Examples with state ({@code "check": "deductions"}): given an {@code account} and its {@code packages}, when
 * this {@code usage} arrives, then these {@code deductions} (in processing order, each compared on the fields it
 * names), {@code packages} (by packageId), {@code postpaid} lines (in order), {@code postpaidTotal} and
 * {@code events} (in order) — or these input {@code errors}. A list given in {@code then} must match in length.
 */
public final class DeductionExamples implements ExampleKind {

    private final DeductionEngine engine;
    private final ObjectMapper json;
    private final QuoteLimits limits;

    /**
     * The service's own binding of bodies, outside the container (the gate's checking child has none): an example
     * is read as its endpoint reads it. One for the gate's kinds: building a validator takes a while.
     */
    static final BodyBinder BINDER = BodyBinder.standalone();

    public DeductionExamples(DeductionEngine engine, ObjectMapper json, QuoteLimits limits) {
        this.engine = engine;
        this.json = json;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "deductions";
    }

    @Override
    public List<String> verify(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
        ObjectNode request = json.createObjectNode();
        example.given().fields().forEachRemaining(f -> request.set(f.getKey(), f.getValue()));
        example.when().fields().forEachRemaining(f -> request.set(f.getKey(), f.getValue()));
        JsonNode then = example.then();
        JsonNode expectedErrors = then.get("errors");
        Deductions answer;
        try {
            DeductionInput input = BINDER.bind(request, DeductionRequest.class, "").input(engine.zone(), limits,
                    request);
            List<Deductions.Entry> entries = new ArrayList<>();
            DeductionEngine.Result r = engine.replay(input, rules, entries::add, exercised::add);
            answer = new Deductions(rules.version(), entries, r.packages(), r.postpaid(), r.postpaidTotal(),
                    r.events());
        } catch (InputException e) {
            return DocumentedExamples.inputErrors(e, expectedErrors);
        } catch (RuntimeException e) {
            return List.of("the replay failed: " + DocumentedExamples.describe(e));
        }
        if (expectedErrors != null) {
            return List.of("expected input errors " + expectedErrors + ", but it was replayed");
        }
        answer.packages().forEach(p -> exercised.addAll(p.rules()));
        answer.postpaid().forEach(l -> exercised.addAll(l.rules()));
        JsonNode actual = json.valueToTree(answer);
        List<String> mismatches = new ArrayList<>();
        for (String list : List.of("deductions", "postpaid", "events")) {
            if (then.has(list)) {
                inOrder(list, then.get(list), actual.get(list), mismatches);
            }
        }
        if (then.has("postpaidTotal") && !DocumentedExamples.sameValue(then.get("postpaidTotal"),
                actual.get("postpaidTotal"))) {
            mismatches.add("postpaidTotal expected " + then.get("postpaidTotal").asText() + ", got "
                    + answer.postpaidTotal());
        }
        for (JsonNode want : then.path("packages")) {
            JsonNode got = null;
            for (JsonNode p : actual.get("packages")) {
                if (p.path("packageId").asText().equals(want.path("packageId").asText())) {
                    got = p;
                }
            }
            if (!DocumentedExamples.contains(want, got)) {
                mismatches.add("package " + want.path("packageId").asText() + " expected " + want + ", got " + got);
            }
        }
        return mismatches;
    }

    private static void inOrder(String name, JsonNode expected, JsonNode actual, List<String> mismatches) {
        if (expected.size() != actual.size()) {
            mismatches.add(name + ": expected " + expected.size() + ", got " + actual.size() + ": " + actual);
            return;
        }
        Set<Integer> reported = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!DocumentedExamples.contains(expected.get(i), actual.get(i)) && reported.add(i)) {
                mismatches.add(name + "[" + i + "] expected " + expected.get(i) + ", got " + actual.get(i));
            }
        }
    }
}
