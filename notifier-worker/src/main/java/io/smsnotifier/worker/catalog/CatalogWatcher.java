package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.support.LogSafe;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts the stored catalog in force when the worker starts (before any listener takes a record: a service it
 * names must be there), then polls its version every {@code notifier.catalog.poll-interval} and reloads when
 * another instance changed it. A poll that fails (PostgreSQL away) keeps what is in force and is logged once.
 */
@Component
class CatalogWatcher {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final CatalogLoader catalog;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "catalog-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failing;

    CatalogWatcher(CatalogLoader catalog, CatalogProperties properties) {
        this.catalog = catalog;
        catalog.reloadIfChanged();
        long interval = Math.max(50, properties.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            catalog.reloadIfChanged();
            if (failing) {
                failing = false;
                log.info("catalog polls again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("catalog poll failed; what is in force stays until a poll succeeds: {}",
                        LogSafe.text(e.toString()));
            }
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }
}
