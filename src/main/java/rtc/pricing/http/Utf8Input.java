package rtc.pricing.http;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A request body checked to be UTF-8 (RFC 3629) as it is read, because Jackson's decoder is lenient: it reads the
 * overlong {@code C0 AF} as {@code /} and bytes past U+10FFFF as some other character, so an id could hold what its
 * bytes never said. Refused: overlong forms, surrogates, code points past U+10FFFF, stray or missing continuation
 * bytes, and NUL (never part of JSON text, and what makes Jackson guess UTF-16 or UTF-32).
 * <p>
 * The bytes before a faulty sequence are handed on and the fault is thrown at the next read, when the parser
 * reaches it, so the parser's context names the JSON value it is in.
 */
final class Utf8Input extends FilterInputStream {

    /** The body is not UTF-8: where (byte offset from 0) and why. */
    static final class Malformed extends CharConversionException {
        final long offset;

        Malformed(long offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    private long consumed;      // bytes read from the body so far
    private int need;           // continuation bytes still expected
    private int lo = 0x80, hi = 0xBF; // the range of the next continuation byte
    private long start;         // offset of the sequence being read
    private int lead;           // the first byte of that sequence, for the messages
    private Malformed pending;
    private final String what;

    /** @param what what the bytes are, for the messages ("the body") */
    Utf8Input(InputStream in, String what) {
        super(in);
        this.what = what;
    }

    /** Why {@code bytes} are not UTF-8, or null when they are. */
    static String fault(byte[] bytes, String what) {
        try (Utf8Input in = new Utf8Input(new ByteArrayInputStream(bytes), what)) {
            in.readAllBytes();
            return null;
        } catch (Malformed e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pending != null) {
            throw pending;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            if (need > 0) {
                throw new Malformed(start, "the UTF-8 sequence " + at(start) + " is cut short by the end of " + what);
            }
            return n;
        }
        long base = consumed;
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xFF;
            if (need == 0 && c >= 0x01 && c <= 0x7F) {
                continue; // ASCII, nearly every byte of a body
            }
            String fault = need > 0 ? continuation(c) : first(c, base + i);
            if (fault != null) {
                long where = need > 0 ? start : base + i;
                pending = new Malformed(where, fault);
                int handed = (int) Math.max(0, where - base);
                consumed = base + handed;
                if (handed == 0) {
                    throw pending;
                }
                return handed;
            }
        }
        consumed = base + n;
        return n;
    }

    private String first(int c, long offset) {
        lead = 0;
        if (c >= 0x01 && c <= 0x7F) {
            return null;
        }
        if (c == 0) {
            return "a NUL byte " + at(offset) + ": text here holds no NUL";
        }
        start = offset;
        lead = c;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
        } else {
            lead = 0;
            return "byte " + hex(c) + " " + at(offset) + (c >= 0x80 && c <= 0xBF ? " continues no UTF-8 sequence"
                    : c <= 0xC1 ? " starts an overlong UTF-8 sequence" : " starts no UTF-8 sequence");
        }
        return null;
    }

    private String continuation(int c) {
        if (c < lo || c > hi) {
            String fault = "the UTF-8 sequence " + at(start) + " (" + hex(lead) + " then " + hex(c) + ") is "
                    + (c < 0x80 || c > 0xBF ? "cut short"
                            : lead == 0xE0 || lead == 0xF0 ? "overlong"
                            : lead == 0xED ? "a surrogate" : "past U+10FFFF");
            return fault;
        }
        lo = 0x80;
        hi = 0xBF;
        if (--need == 0) {
            lead = 0;
        }
        return null;
    }

    private String at(long offset) {
        return "at offset " + String.format(Locale.ROOT, "%,d", offset) + " of " + what;
    }

    private static String hex(int c) {
        return String.format(Locale.ROOT, "0x%02X", c);
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte passes the check: skip by reading.
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
