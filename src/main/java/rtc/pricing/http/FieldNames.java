package rtc.pricing.http;

import java.util.Locale;
import java.util.Set;

/** Field names in answers: as JSON Pointer tokens, and the "did you mean" hint for an unknown one. */
public final class FieldNames {

    private FieldNames() {
    }

    /** A member name as a JSON Pointer reference token (RFC 6901). */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** "; did you mean …?" when a known field is close to {@code name}, else the fields to choose from. */
    public static String hint(String name, Set<String> fields) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        if (name.length() <= 64) {
            for (String f : fields) {
                int d = f.equalsIgnoreCase(name) ? 0 : name.length() >= 4 ? distance(name, f) : Integer.MAX_VALUE;
                if (d < bestDistance || (d == bestDistance && best != null && f.compareTo(best) < 0)) {
                    best = f;
                    bestDistance = d;
                }
            }
        }
        return bestDistance <= 2 ? "; did you mean \"" + best + "\"?"
                : "; expected one of " + fields.stream().sorted().toList();
    }

    /**
     * Levenshtein distance, case-insensitive (names are short: at most 64 × 13 steps). Fifteen lines: no library on
     * the classpath has one, and Apache Commons Text would be a dependency for it.
     */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT), y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1], current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[y.length()];
    }
}
