package rtc.pricing.gate;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rtc.pricing.advice.AdviceRequest;
import rtc.pricing.advice.PackageAdviceRequest;
import rtc.pricing.advice.PackageAdvice;
import rtc.pricing.http.QuoteLimits;
import rtc.pricing.packages.PackagePrices;
import rtc.pricing.problem.InputException;
import rtc.pricing.quote.QuoteEngine;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * {@code "check": "package-advice"}: {@code when} is the body of POST /v1/package-advice, asked as the endpoint
 * asks it; {@code then} names the fields expected. Objects are compared by the members named, decimals by value;
 * {@code options} in order: the i-th option expected must be the i-th answered (the ranking is what is checked),
 * with exactly the packages listed, and there may be more options answered than listed.
 * {@code "then": {"errors": [{"pointer": …}]}} expects an input error naming those pointers.
 */
public final class AdviceExamples implements ExampleKind {

    private final PackageAdvice advice;
    private final ZoneId zone;
    private final QuoteLimits limits;
    private final ObjectMapper json;

    public AdviceExamples(ZoneId zone, RuleBudget budget, ObjectMapper json) {
        this.advice = new PackageAdvice(new QuoteEngine(zone, budget, nanos -> { }), new PackagePrices(budget),
                budget);
        this.zone = zone;
        this.limits = QuoteLimits.standard();
        this.json = json;
    }

    @Override
    public String name() {
        return "package-advice";
    }

    @Override
    public List<String> verify(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
        JsonNode then = example.then();
        JsonNode actual;
        try {
            AdviceRequest request = PackageAdviceRequest.read(example.when(), zone, limits);
            actual = json.valueToTree(advice.advise(request, rules, exercised::add));
        } catch (InputException e) {
            return DocumentedExamples.inputErrors(e, then.get("errors"));
        } catch (RuntimeException e) {
            return List.of("package-advice failed: " + DocumentedExamples.describe(e));
        }
        if (then.has("errors")) {
            return List.of("expected input errors " + then.get("errors") + ", but it was answered " + actual);
        }
        List<String> mismatches = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = then.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode got = actual.get(f.getKey());
            if (f.getKey().equals("options") && f.getValue().isArray()) {
                JsonNode want = f.getValue();
                for (int i = 0; i < want.size(); i++) {
                    JsonNode option = got == null ? null : got.get(i);
                    if (!sameOption(want.get(i), option)) {
                        mismatches.add("options/" + i + " expected " + want.get(i) + ", got " + option);
                    }
                }
            } else if (!DocumentedExamples.contains(f.getValue(), got)) {
                mismatches.add(f.getKey() + " expected " + f.getValue() + ", got " + got);
            }
        }
        return mismatches;
    }

    /** As {@link DocumentedExamples#contains}, but {@code packages} exactly: the same packages in the same order. */
    private static boolean sameOption(JsonNode want, JsonNode got) {
        if (got == null || !DocumentedExamples.contains(want, got)) {
            return false;
        }
        JsonNode packages = want.get("packages");
        return packages == null || (got.path("packages").size() == packages.size()
                && java.util.stream.IntStream.range(0, packages.size()).allMatch(
                        i -> DocumentedExamples.contains(packages.get(i), got.get("packages").get(i))));
    }
}
