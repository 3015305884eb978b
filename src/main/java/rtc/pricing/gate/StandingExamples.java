package rtc.pricing.gate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.ArrearsPolicy;
import rtc.pricing.ledger.AccountStatus;
import rtc.pricing.problem.RulesDefectException;
import rtc.pricing.rules.RuleBudget;
import rtc.pricing.rules.RuleSet;

/**
 * Examples of an account's standing ({@code "check": "standing"}): given the balance's {@code movements}
 * ({@code [{"at", "amount", "bill"}]}), when asked {@code at}, then its {@code status}, {@code stopReason},
 * {@code arrearsSince}, {@code stoppedAt}, {@code reclaimedAt} — with the periods rules/arrears.drl states.
 */
public final class StandingExamples implements ExampleKind {

    private final RuleBudget budget;

    public StandingExamples(RuleBudget budget) {
        this.budget = budget;
    }

    @Override
    public String name() {
        return "standing";
    }

    @Override
    public List<String> verify(DocumentedExamples.Example example, RuleSet rules, Set<String> exercised) {
        ArrearsPolicy policy;
        try {
            policy = AccountStatus.policy(rules, budget);
        } catch (RulesDefectException e) {
            return List.of(e.getMessage());
        }
        List<AccountStatus.Movement> movements = new ArrayList<>();
        OffsetDateTime at;
        try {
            for (JsonNode m : example.given().path("movements")) {
                movements.add(new AccountStatus.Movement(OffsetDateTime.parse(m.path("at").asText()),
                        new BigDecimal(m.path("amount").asText()), m.path("bill").asBoolean(false)));
            }
            at = OffsetDateTime.parse(example.when().path("at").asText());
        } catch (DateTimeParseException | NumberFormatException e) {
            return List.of("given.movements[].at/amount and when.at must be ISO-8601 instants and decimals");
        }
        AccountStatus status;
        try {
            status = AccountStatus.at(movements, at, policy);
        } catch (RulesDefectException e) {
            return List.of(e.getMessage());
        }
        exercised.add(policy.rule());
        JsonNode actual = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("status", status.status()).put("stopReason", status.stopReason())
                .put("arrearsSince", text(status.arrearsSince())).put("stoppedAt", text(status.stoppedAt()))
                .put("reclaimedAt", text(status.reclaimedAt()));
        List<String> mismatches = new ArrayList<>();
        example.then().fields().forEachRemaining(f -> {
            JsonNode got = actual.get(f.getKey());
            boolean same = f.getValue().isNull() ? got == null || got.isNull()
                    : got != null && !got.isNull() && (f.getKey().endsWith("At") || f.getKey().endsWith("Since")
                            ? OffsetDateTime.parse(f.getValue().asText()).isEqual(OffsetDateTime.parse(got.asText()))
                            : f.getValue().asText().equals(got.asText()));
            if (!same) {
                mismatches.add(f.getKey() + " expected " + f.getValue() + ", got " + got);
            }
        });
        return mismatches;
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }
}
