package rtc.pricing.page;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small W3C WebDriver client for the browser tests: it starts Debian's {@code chromedriver} on a free port and
 * speaks the protocol with the JDK's HttpClient, so the tests need no Selenium (no new dependency) and no
 * downloaded browser — the machine's Chromium, headless. {@link #close()} ends the session and the process.
 */
final class WebDriverClient implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    /** The W3C key of an element reference in JSON. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String session;

    /** chromedriver on the PATH (Debian's chromium-driver puts it in /usr/bin), if any. */
    static Optional<Path> chromedriver() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "chromedriver");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of(CHROMIUM));
    }

    private WebDriverClient(Process driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts chromedriver and a headless Chromium with a window of {@code width} × {@code height}. */
    static WebDriverClient start(Path chromedriver, int width, int height, Path log) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebDriverClient client = new WebDriverClient(p, port);
        try {
            client.waitUntil(Duration.ofSeconds(20), "chromedriver to answer", () -> {
                try {
                    return client.call("GET", "/status", null).path("value").path("ready").asBoolean();
                } catch (RuntimeException e) {
                    return false;
                }
            });
            ObjectNode caps = JSON.createObjectNode();
            ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            ObjectNode chrome = always.putObject("goog:chromeOptions");
            chrome.put("binary", CHROMIUM);
            chrome.putArray("args").add("--headless=new").add("--no-sandbox").add("--disable-gpu")
                    .add("--disable-dev-shm-usage").add("--lang=en-US")
                    .add("--window-size=" + width + "," + height);
            client.session = client.call("POST", "/session", caps).path("value").path("sessionId").asText();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    void get(String url) {
        command("POST", "/url", Map.of("url", url));
    }

    String find(String css) {
        JsonNode v = command("POST", "/element", Map.of("using", "css selector", "value", css));
        if (!v.hasNonNull(ELEMENT)) {
            throw new IllegalStateException("no element " + css + ": " + v);
        }
        return v.path(ELEMENT).asText();
    }

    List<String> findAll(String css) {
        List<String> ids = new ArrayList<>();
        command("POST", "/elements", Map.of("using", "css selector", "value", css))
                .forEach(e -> ids.add(e.path(ELEMENT).asText()));
        return ids;
    }

    void click(String element) {
        command("POST", "/element/" + element + "/click", Map.of());
    }

    void clear(String element) {
        command("POST", "/element/" + element + "/clear", Map.of());
    }

    void sendKeys(String element, String text) {
        command("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    String text(String element) {
        return command("GET", "/element/" + element + "/text", null).asText();
    }

    String attribute(String element, String name) {
        JsonNode v = command("GET", "/element/" + element + "/attribute/" + name, null);
        return v.isNull() ? null : v.asText();
    }

    /** Picks an option of a select as a user would: clicks it (the page sees input and change events). */
    void select(String selectCss, String value) {
        click(find(selectCss));
        click(find(selectCss + " option[value='" + value + "']"));
    }

    /** Runs {@code script} (a function body; {@code arguments} are {@code args}) and returns its result. */
    JsonNode execute(String script, Object... args) {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of(args)));
    }

    void windowSize(int width, int height) {
        command("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(command("GET", "/screenshot", null).asText()));
    }

    void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private JsonNode command(String method, String path, Object body) {
        return call(method, "/session/" + session + path, body).path("value");
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("WebDriver " + method + " " + path + " answered " + r.statusCode()
                        + ": " + json.path("value").path("error").asText() + " — "
                        + json.path("value").path("message").asText());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the session (closing Chromium) and the chromedriver process, whatever happened before. */
    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (RuntimeException e) {
            // the process goes below in any case
        } finally {
            driver.descendants().forEach(ProcessHandle::destroy); // a Chromium the session did not close
            driver.destroy();
            try {
                if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
