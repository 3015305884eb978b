package rtc.pricing.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

import rtc.pricing.problem.InputException;

/**
 * Path parameters ({@code /v1/accounts/{id}…}) must be UTF-8 once percent-decoded. The framework decodes them
 * leniently (a malformed sequence becomes U+FFFD, so {@code %C0%AF} would be looked up as some other id); here such a
 * parameter is a 400 naming it, as {@code /id}, the way query parameters are named. Runs once the path matched, so an
 * unknown path stays a 404. The framework hands out decoded parameters only: the raw path is checked segment by
 * segment, and a faulty segment named by the parameter whose decoded value it gave.
 */
public class PathParameters {

    @ServerRequestFilter
    public void utf8(UriInfo uri, HttpServerRequest http) {
        String path = http.path();
        if (path == null || path.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '%')) {
            return; // plain ASCII: the common case
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String fault = fault(segments[i]);
            if (fault == null) {
                continue;
            }
            String decoded = lenient(segments[i]);
            for (Map.Entry<String, List<String>> parameter : uri.getPathParameters(true).entrySet()) {
                if (parameter.getValue().contains(decoded)) {
                    throw new InputException("/" + FieldNames.escape(parameter.getKey()), "the path parameter {"
                            + parameter.getKey() + "} is not UTF-8 once percent-decoded: " + fault);
                }
            }
            throw new InputException("", "path segment " + i + " is not UTF-8 once percent-decoded: " + fault);
        }
    }

    /** Why a raw (percent-encoded) path segment is no UTF-8 text, or null when it is. */
    static String fault(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int b = percent(raw, i);
                if (b < 0) {
                    return "'%' at character " + i + " is not followed by two hexadecimal digits";
                }
                bytes.write(b);
                i += 2;
            } else if (c <= 0x20 || c >= 0x7F) {
                return "character " + i + " is not printable ASCII; send it percent-encoded (UTF-8)";
            } else {
                bytes.write(c);
            }
        }
        return Utf8Input.fault(bytes.toByteArray(), "the decoded parameter");
    }

    /** The segment as the framework decodes it: bytes read as UTF-8, a malformed sequence as U+FFFD. */
    private static String lenient(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            int b = raw.charAt(i) == '%' ? percent(raw, i) : -1;
            if (b >= 0) {
                bytes.write(b);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(raw.charAt(i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The byte of {@code %XX} at {@code i}, or -1. */
    private static int percent(String raw, int i) {
        if (i + 2 >= raw.length() || raw.charAt(i + 1) > 0x7F || raw.charAt(i + 2) > 0x7F) {
            return -1;
        }
        int high = Character.digit(raw.charAt(i + 1), 16), low = Character.digit(raw.charAt(i + 2), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
