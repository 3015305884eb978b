package rtc.pricing.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unbalanced brackets, found before Drools parses: its parser reports a missing ")" on the line after it, as
 * "mismatched input 'then'", plus "Parser returned a null Package". This names the line of the bracket that is
 * not closed (or closes nothing), which is where the analyst has to look.
 */
final class Brackets {

    private static final String OPEN = "([{";
    private static final String CLOSE = ")]}";
    /** Words that only stand between rules or parts of a rule: an open bracket cannot span them. */
    private static final Set<String> BOUNDARIES = Set.of("then", "end", "rule", "query", "function", "declare");

    private Brackets() {
    }

    static List<RuleProblem> check(Map<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
        files.forEach((path, content) -> {
            if (path.endsWith(".drl")) {
                check(path, DrlTokens.of(new String(content, StandardCharsets.UTF_8)).tokens(), problems);
            }
        });
        return problems;
    }

    private static void check(String file, List<DrlTokens.Token> tokens, List<RuleProblem> problems) {
        Deque<DrlTokens.Token> open = new ArrayDeque<>();
        boolean inConsequence = false;
        for (DrlTokens.Token t : tokens) {
            String text = t.text();
            if (t.kind() == DrlTokens.Kind.IDENT) {
                // In a consequence (Java) only "end" ends it; elsewhere every boundary word must meet no open bracket.
                boolean boundary = inConsequence ? text.equals("end") : BOUNDARIES.contains(text);
                if (boundary && !open.isEmpty()) {
                    DrlTokens.Token o = open.peek();
                    problems.add(new RuleProblem(file, o.line(), "\"" + o.text() + "\" is not closed before \""
                            + text + "\" on line " + t.line() + "; add the missing \"" + closer(o.text()) + "\""));
                    return;
                }
                if (boundary) {
                    inConsequence = text.equals("then");
                }
            } else if (t.kind() == DrlTokens.Kind.OP && text.length() == 1 && OPEN.contains(text)) {
                open.push(t);
            } else if (t.kind() == DrlTokens.Kind.OP && text.length() == 1 && CLOSE.contains(text)) {
                if (open.isEmpty() || closer(open.peek().text()) != text.charAt(0)) {
                    problems.add(new RuleProblem(file, t.line(), "\"" + text + "\" closes "
                            + (open.isEmpty() ? "nothing" : "\"" + open.peek().text() + "\" of line " + open.peek().line())
                            + "; remove it or add the bracket it should close"));
                    return;
                }
                open.pop();
            }
        }
        if (!open.isEmpty()) {
            DrlTokens.Token o = open.peek();
            problems.add(new RuleProblem(file, o.line(), "\"" + o.text() + "\" is not closed by the end of the file;"
                    + " add the missing \"" + closer(o.text()) + "\""));
        }
    }

    private static char closer(String opener) {
        return CLOSE.charAt(OPEN.indexOf(opener));
    }
}
