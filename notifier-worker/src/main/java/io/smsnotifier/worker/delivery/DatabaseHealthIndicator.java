package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.support.CachedHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Health of the ledger's database that answers within {@value #TIMEOUT_MS} ms. Spring Boot's own check waits for
 * a pooled connection as long as the pool allows (30 s), so during an outage a probe would get no answer at all
 * instead of DOWN. Checked at most once a second ({@link CachedHealth}): the query takes a connection of the
 * ledger's pool, which delivery needs.
 */
@Component("db")
class DatabaseHealthIndicator implements HealthIndicator {

    private static final long TIMEOUT_MS = 2_000;

    private final JdbcTemplate jdbc;
    private final Executor checks = Executors.newVirtualThreadPerTaskExecutor();
    private final CachedHealth cached = new CachedHealth(Duration.ofSeconds(1), this::check);

    DatabaseHealthIndicator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health check() {
        CompletableFuture<Integer> check = CompletableFuture.supplyAsync(
                () -> jdbc.queryForObject("select 1", Integer.class), checks);
        try {
            check.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Health.up().withDetail("database", "PostgreSQL").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "PostgreSQL did not answer within " + TIMEOUT_MS + " ms").build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", e.getCause().getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }
}
