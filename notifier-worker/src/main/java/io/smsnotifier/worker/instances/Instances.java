package io.smsnotifier.worker.instances;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The live worker instances, from heartbeats in PostgreSQL: every instance writes its own row every
 * {@code notifier.instances.heartbeat} and counts the rows written within {@code notifier.instances.expiry}; each
 * SMS service's {@code max-qps} is shared evenly between them. An instance sends nothing until one heartbeat
 * interval after it first registered, so that the instances already running have counted it before it takes its
 * share; an instance that stops deletes its row, one that dies stops counting after the expiry (until then the
 * others stay below the limit, never above). When PostgreSQL cannot be reached, the last count stands.
 * Thread-safe.
 */
@Component
public class Instances {

    private static final Logger log = LoggerFactory.getLogger(Instances.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration heartbeat;
    private final Duration expiry;
    private final String instanceId = UUID.randomUUID().toString();
    private volatile int live = 1;
    /** System.nanoTime() from which this instance may send; Long.MAX_VALUE until it registered. */
    private volatile long readyAt = Long.MAX_VALUE;

    Instances(NamedParameterJdbcTemplate jdbc, InstancesProperties properties) {
        this.jdbc = jdbc;
        this.heartbeat = properties.heartbeat();
        this.expiry = properties.expiry();
    }

    /** This worker's id in {@code worker_instances}, for as long as it runs. */
    public String instanceId() {
        return instanceId;
    }

    /** How long an instance counts as alive after its last heartbeat. */
    public Duration expiry() {
        return expiry;
    }

    /** Live instances, this one included; at least 1. */
    public int live() {
        return live;
    }

    /**
     * Waits until this instance may take its share of the services' rates.
     *
     * @return false when that did not happen within {@code timeout} (PostgreSQL unreachable since the start)
     */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < readyAt) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (Math.min(readyAt, deadline) - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    void beat() {
        try {
            MapSqlParameterSource params = new MapSqlParameterSource("id", instanceId)
                    .addValue("expiryMillis", expiry.toMillis());
            jdbc.update("""
                    insert into worker_instances (instance_id) values (:id)
                    on conflict (instance_id) do update set heartbeat_at = now()
                    """, params);
            Integer counted = jdbc.queryForObject("""
                    select count(*) from worker_instances
                     where heartbeat_at > now() - :expiryMillis * interval '1 millisecond' or instance_id = :id
                    """, params, Integer.class);
            int now = counted == null ? 1 : Math.max(1, counted);
            if (now != live) {
                log.info("worker instances sharing each SMS service's max-qps: {} (was {})", now, live);
                live = now;
            }
            if (readyAt == Long.MAX_VALUE) {
                readyAt = System.nanoTime() + heartbeat.toNanos();
            }
        } catch (RuntimeException e) {
            log.warn("could not record this worker's heartbeat; keeping {} instance(s): {}", live, e.toString());
        }
    }

    /** Forgets rows of instances gone for a day; their heartbeats stopped counting long ago. */
    void forgetGone() {
        jdbc.update("delete from worker_instances where heartbeat_at < now() - interval '1 day'",
                new MapSqlParameterSource());
    }

    /**
     * Gives this instance's share back to the others at once. Waits at most two seconds: when the database is
     * gone the others stop counting this instance after the expiry anyway, and a shutdown must not wait for the
     * pool's connection timeout.
     */
    @PreDestroy
    void leave() {
        CompletableFuture<Void> leaving = CompletableFuture.runAsync(() ->
                jdbc.update("delete from worker_instances where instance_id = :id",
                        new MapSqlParameterSource("id", instanceId)), runnable -> Thread.ofVirtual().start(runnable));
        try {
            leaving.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("could not remove this worker's heartbeat row: {}", e.toString());
        }
    }
}
