package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.providers.SmsServices;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the vendors about a round's in-doubt rows (a request went out, no answer came), all at once, at most
 * {@code notifier.delivery.in-doubt-queries} in flight, within {@code in-doubt-budget}: one lost answer to a large
 * request would otherwise mean hundreds of queries one after another on the consumer thread. Thread-safe.
 */
@Component
class InDoubtQueries {

    private static final Logger log = LoggerFactory.getLogger(InDoubtQueries.class);

    private final SmsServices services;
    private final DeliveryProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor();

    InDoubtQueries(SmsServices services, DeliveryProperties properties) {
        this.services = services;
        this.properties = properties;
    }

    @PreDestroy
    void stop() {
        queries.shutdown();
    }

    /** One in-doubt row of this round, with the number its request went to (null when it had none). */
    record InDoubt(LedgerEntry entry, @Nullable String phone) {
    }

    /** @return the vendor's answer per ledger id (empty: it cannot tell); a row not answered in time is absent */
    Map<Long, Optional<Boolean>> ask(List<InDoubt> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<Long, Future<Optional<Boolean>>> asked = new HashMap<>();
        Semaphore room = new Semaphore(properties.inDoubtQueries());
        for (InDoubt row : rows) {
            LedgerEntry entry = row.entry();
            if (entry.service() == null || entry.outId() == null || row.phone() == null) {
                asked.put(entry.id(), CompletableFuture.completedFuture(Optional.empty()));
                continue;
            }
            Instant sentAt = entry.sendingAt() == null ? clock.instant() : entry.sendingAt();
            asked.put(entry.id(), queries.submit(() -> {
                room.acquire();
                try {
                    return services.wasSent(entry.service(), entry.serviceRevision(), row.phone(), entry.outId(),
                            sentAt);
                } finally {
                    room.release();
                }
            }));
        }
        long deadline = System.nanoTime() + properties.inDoubtBudget().toNanos();
        Map<Long, Optional<Boolean>> answers = new HashMap<>();
        int late = 0;
        for (Map.Entry<Long, Future<Optional<Boolean>>> query : asked.entrySet()) {
            try {
                answers.put(query.getKey(), query.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                query.getValue().cancel(true);
                late++;
            } catch (ExecutionException e) {
                answers.put(query.getKey(), Optional.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                asked.values().forEach(future -> future.cancel(true));
                break;
            }
        }
        if (late > 0) {
            log.warn("in-doubt rows left for a later attempt: {} of {} vendor queries did not finish within {}",
                    late, asked.size(), properties.inDoubtBudget());
        }
        return answers;
    }
}
