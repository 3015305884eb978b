package rtc.pricing.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import rtc.pricing.config.PricingConfig;

/**
 * Watches the rules folder (and its subfolders) and reloads once the files have been quiet for the debounce
 * time, so an analyst's saved edit is live within a second or two, and an editor's burst of writes compiles once.
 */
@ApplicationScoped
public class RulesWatcher {

    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    @Inject
    RuleRegistry registry;
    @Inject
    PricingConfig config;

    private volatile WatchService watcher;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        if (!config.rules().watch()) {
            return;
        }
        Path folder = registry.folder();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            registerTree(folder);
        } catch (IOException e) {
            LOG.warnf("Cannot watch rules folder %s (%s); use POST /v1/rules/reload", folder, e.getMessage());
            return;
        }
        thread = new Thread(this::run, "rules-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void registerTree(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(folder)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void run() {
        long debounceMillis = Math.max(1, config.rules().debounce().toMillis());
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // Debounce: wait until no event arrives for the quiet time.
                WatchKey more;
                while ((more = watcher.poll(debounceMillis, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                registerTree(registry.folder()); // new subfolders
                try {
                    registry.reloadIfChanged("file change");
                } catch (RuntimeException e) {
                    LOG.error("Reload after a file change failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // shutting down
        } catch (IOException e) {
            LOG.error("Rules watcher stopped; use POST /v1/rules/reload", e);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }
}
