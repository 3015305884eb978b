package rtc.pricing.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body check accepts exactly the UTF-8 the JDK's strict decoder accepts (NUL aside), and says where it is not. */
class Utf8InputTest {

    @ParameterizedTest
    @CsvSource({ "c0af, 'byte 0xC0 at offset 0 of x starts an overlong UTF-8 sequence'",
            "61e080af, 'the UTF-8 sequence at offset 1 of x (0xE0 then 0x80) is overlong'",
            "6161eda080, 'the UTF-8 sequence at offset 2 of x (0xED then 0xA0) is a surrogate'",
            "f4908080, 'the UTF-8 sequence at offset 0 of x (0xF4 then 0x90) is past U+10FFFF'",
            "f08f8080, 'the UTF-8 sequence at offset 0 of x (0xF0 then 0x8F) is overlong'",
            "61af, 'byte 0xAF at offset 1 of x continues no UTF-8 sequence'",
            "f8888080, 'byte 0xF8 at offset 0 of x starts no UTF-8 sequence'",
            "c322, 'the UTF-8 sequence at offset 0 of x (0xC3 then 0x22) is cut short'",
            "6161e282, 'the UTF-8 sequence at offset 2 of x is cut short by the end of x'",
            "7b00, 'a NUL byte at offset 1 of x: text here holds no NUL'" })
    void saysWhatIsWrongAndWhere(String hex, String message) {
        assertEquals(message, Utf8Input.fault(HexFormat.of().parseHex(hex), "x"));
    }

    @Test
    void everyCodePointPasses() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int cp = 1; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                all.appendCodePoint(cp);
            }
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        // Read in small, odd pieces: sequences cut across reads are checked as well.
        try (InputStream in = new Utf8Input(new Trickle(bytes, 7), "x")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void agreesWithTheJdkOnRandomBytes() {
        Random random = new Random(17);
        int refused = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly the bytes that start or continue sequences, where the faults are.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x60) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk = strictlyUtf8(bytes);
            String fault = Utf8Input.fault(bytes, "x");
            assertEquals(jdk, fault == null, HexFormat.of().formatHex(bytes) + ": " + fault);
            refused += jdk ? 0 : 1;
        }
        assertTrue(refused > 1_000 && refused < 20_000, "both kinds were tried: " + refused + " refused");
    }

    @Test
    void theBytesBeforeAFaultArePassedOnAndTheFaultComesAtTheNextRead() throws IOException {
        byte[] bytes = HexFormat.of().parseHex("616263c0af");
        try (InputStream in = new Utf8Input(new ByteArrayInputStream(bytes), "x")) {
            byte[] buffer = new byte[16];
            assertEquals(3, in.read(buffer, 0, 16));
            Utf8Input.Malformed fault = assertThrows(Utf8Input.Malformed.class, () -> in.read(buffer, 0, 16));
            assertEquals(3, fault.offset);
        }
        assertNull(Utf8Input.fault("{\"a\": \"é中𝄞\"}".getBytes(StandardCharsets.UTF_8), "x"));
        assertNotNull(Utf8Input.fault(new byte[] { (byte) 0xC0, (byte) 0xAF }, "x"));
    }

    private static boolean strictlyUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** At most {@code piece} bytes per read. */
    private static final class Trickle extends ByteArrayInputStream {
        private final int piece;

        Trickle(byte[] bytes, int piece) {
            super(bytes);
            this.piece = piece;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, piece));
        }
    }
}
