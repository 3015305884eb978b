package rtc.pricing.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A small lexer for DRL and the Java/MVEL code inside it, for {@link RuleSandbox}. It splits a file into
 * identifiers, numbers, string literals and operators, and drops comments, so the sandbox never mistakes a
 * comment or a string for code, nor code for a comment or a string. Where Drools, MVEL or javac could read
 * text differently from this lexer (unicode escapes, text blocks, escaped quotes in single-quoted text,
 * invisible characters), the text is reported instead of guessed at.
 */
final class DrlTokens {

    enum Kind { IDENT, NUMBER, STRING, OP }

    /**
     * {@code text} is the identifier without ignorable characters, the literal with its quotes, or the operator.
     * {@code after} is the character right after the token (-1 at the end of the text) and {@code cleanGap} tells
     * that only spaces, tabs, line breaks and comments precede it: Drools' lexer looks at both to decide where a
     * consequence ends, and the sandbox decides it the same way.
     */
    record Token(Kind kind, String text, int line, int after, boolean cleanGap) {

        Token(Kind kind, String text, int line) {
            this(kind, text, line, -1, true);
        }

        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }

        boolean ident() {
            return kind == Kind.IDENT;
        }
    }

    /** A problem found while lexing, at a 1-based line. */
    record Flaw(int line, String message) {
    }

    record Result(List<Token> tokens, List<Flaw> flaws) {
    }

    private final String s;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Flaw> flaws = new ArrayList<>();
    private int i;
    private int line = 1;
    private boolean cleanGap = true;

    private DrlTokens(String s) {
        this.s = s;
    }

    static Result of(String text) {
        DrlTokens lexer = new DrlTokens(text);
        lexer.scanRaw();
        lexer.run();
        return new Result(lexer.tokens, lexer.flaws);
    }

    /**
     * Checks that apply to comments and strings too. javac turns an escaped line break (a backslash, then
     * u000a) into a line break before it lexes anything, so an escape in a comment can end the comment and run
     * what follows; a bidirectional control makes code read differently from what runs.
     */
    private void scanRaw() {
        int ln = 1;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length() && s.charAt(k + 1) == 'u') {
                flaws.add(new Flaw(ln, "unicode escapes (\"\\u...\") are not allowed, not even in comments or strings"
                        + " (Java reads them before anything else); write the character itself"));
            } else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                flaws.add(new Flaw(ln, String.format("bidirectional control character U+%04X is not allowed (it makes"
                        + " code read differently from what runs); delete it", (int) c)));
            }
            if (c == '\n' || (c == '\r' && (k + 1 == s.length() || s.charAt(k + 1) != '\n'))) {
                ln++;
            }
        }
    }

    private void run() {
        if (s.startsWith("\uFEFF")) {
            i = 1; // a byte-order mark some editors write; not code
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                newline();
            } else if (c == ' ' || c == '\t' || c == '\f') {
                cleanGap &= c != '\f';
                i++;
            } else if (c == '/' && peek(1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
                // Drools' end-of-consequence lookahead runs a // comment up to a \n only: a lone \r differs.
                cleanGap &= !(i < s.length() && s.charAt(i) == '\r' && peek(1) != '\n');
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '"') {
                doubleQuoted();
            } else if (c == '\'') {
                singleQuoted();
            } else if (c >= '0' && c <= '9') {
                number();
            } else if (Character.isJavaIdentifierStart(s.codePointAt(i))) {
                identifier();
            } else if (Character.isIdentifierIgnorable(c)) {
                // javac drops these inside identifiers: "Sys", U+200B, "tem" would be System
                flaws.add(new Flaw(line, String.format("invisible character U+%04X in rule code; delete it", (int) c)));
                cleanGap = false;
                i++;
            } else {
                operator(c);
            }
        }
    }

    private char peek(int ahead) {
        return i + ahead < s.length() ? s.charAt(i + ahead) : '\0';
    }

    private void newline() {
        if (s.charAt(i) == '\r' && peek(1) == '\n') {
            i++;
        }
        i++;
        line++;
    }

    private void blockComment() {
        int start = line;
        i += 2;
        while (i < s.length()) {
            if (s.charAt(i) == '*' && peek(1) == '/') {
                i += 2;
                return;
            }
            if (s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                newline();
            } else {
                i++;
            }
        }
        flaws.add(new Flaw(start, "unterminated comment (\"/*\" without \"*/\"); close it"));
    }

    private void doubleQuoted() {
        int start = line;
        int from = i;
        if (s.startsWith("\"\"\"", i)) {
            flaws.add(new Flaw(line, "text blocks (\"\"\") are not allowed; use a normal string"));
            i += 3;
            if (!skipUntil("\"\"\"")) {
                flaws.add(new Flaw(start, "unterminated text block"));
            }
            add(Kind.STRING, s.substring(from, i), start);
            return;
        }
        i++;
        if (!skipUntil("\"")) {
            flaws.add(new Flaw(start, "unterminated string (a \" without its closing \"); close it"));
        }
        add(Kind.STRING, s.substring(from, i), start);
    }

    /**
     * Drools rewrites a single-quoted DRL string into a double-quoted Java one, re-escaping quotes on the way;
     * with a backslash or a double quote inside, what the compiler sees could differ from what we analyse.
     */
    private void singleQuoted() {
        int start = line;
        int from = i;
        i++;
        if (!skipUntil("'")) {
            flaws.add(new Flaw(start, "unterminated string (a ' without its closing '); close it"));
        }
        String text = s.substring(from, i);
        if (text.indexOf('\\') >= 0 || text.indexOf('"') >= 0) {
            flaws.add(new Flaw(start, "single-quoted text may not contain \\ or \"; use a double-quoted string"));
        }
        add(Kind.STRING, text, start);
    }

    /** Skips past {@code end}, honouring backslash escapes and counting lines; false at the end of the text. */
    private boolean skipUntil(String end) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
                    newline();
                } else {
                    i++;
                }
            } else if (s.startsWith(end, i)) {
                i += end.length();
                return true;
            } else if (c == '\n' || c == '\r') {
                newline();
            } else {
                i++;
            }
        }
        i = s.length();
        return false;
    }

    /**
     * A numeric literal only as far as Java would read one, so {@code 1.getClass} still yields the identifier.
     * Letters right after it (as in the DRL duration {@code 10s}) become an identifier of their own.
     */
    private void number() {
        int from = i;
        if (s.charAt(i) == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'b' || peek(1) == 'B')) {
            i += 2;
            while (i < s.length() && (Character.digit(s.charAt(i), 16) >= 0 || s.charAt(i) == '_')) {
                i++;
            }
        } else {
            digits();
            if (i < s.length() && s.charAt(i) == '.' && Character.isDigit(peek(1))) {
                i++;
                digits();
            }
            boolean signed = (peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2));
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E') && (Character.isDigit(peek(1)) || signed)) {
                i += 2;
                digits();
            }
        }
        if (i < s.length() && "lLfFdDbBiI".indexOf(s.charAt(i)) >= 0
                && (i + 1 == s.length() || !Character.isJavaIdentifierPart(s.charAt(i + 1)))) {
            i++; // type suffix (MVEL adds B for BigDecimal and I for BigInteger)
        }
        add(Kind.NUMBER, s.substring(from, i), line);
    }

    private void digits() {
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
    }

    private void identifier() {
        StringBuilder name = new StringBuilder();
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                break;
            }
            if (Character.isIdentifierIgnorable(cp)) {
                flaws.add(new Flaw(line, String.format("invisible character U+%04X in rule code; delete it", cp)));
            } else {
                name.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        add(Kind.IDENT, name.toString(), line);
    }

    private void operator(char c) {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("->") || two.equals("::")) {
            i += 2;
            add(Kind.OP, two, line);
            return;
        }
        int cp = s.codePointAt(i);
        i += Character.charCount(cp);
        add(Kind.OP, new String(Character.toChars(cp)), line);
    }

    /** Adds the token that ends at the current position. */
    private void add(Kind kind, String text, int tokenLine) {
        tokens.add(new Token(kind, text, tokenLine, i < s.length() ? s.charAt(i) : -1, cleanGap));
        cleanGap = true;
    }
}
