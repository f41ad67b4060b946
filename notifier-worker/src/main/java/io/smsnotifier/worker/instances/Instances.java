package io.smsnotifier.worker.instances;

import io.smsnotifier.worker.secrets.KeyIds;
import io.smsnotifier.worker.secrets.SecretBox;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
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
 * Each heartbeat also says where the instance runs and which secret keys it holds ({@link #liveInstances}), so
 * that a re-seal can wait until every live instance can open what it seals. Thread-safe.
 */
@Component
public class Instances {

    private static final Logger log = LoggerFactory.getLogger(Instances.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration heartbeat;
    private final Duration expiry;
    private final String instanceId = UUID.randomUUID().toString();
    private final @Nullable String hostName = localHostName();
    private final KeyIds keyIds;
    private volatile int live = 1;
    /** System.nanoTime() from which this instance may send; Long.MAX_VALUE until it registered. */
    private volatile long readyAt = Long.MAX_VALUE;

    Instances(NamedParameterJdbcTemplate jdbc, InstancesProperties properties, SecretBox secrets) {
        this.jdbc = jdbc;
        this.keyIds = secrets.keyIds();
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
                    .addValue("expiryMillis", expiry.toMillis())
                    .addValue("host", hostName)
                    .addValue("keyId", keyIds.current())
                    // Key ids are hex: a comma never occurs in one.
                    .addValue("keyIds", String.join(",", keyIds.held()));
            jdbc.update("""
                    insert into worker_instances (instance_id, host_name, secret_key_id, secret_key_ids)
                    values (:id, :host, :keyId, string_to_array(:keyIds, ','))
                    on conflict (instance_id) do update
                       set heartbeat_at = now(), host_name = excluded.host_name,
                           secret_key_id = excluded.secret_key_id, secret_key_ids = excluded.secret_key_ids
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

    /**
     * The instances whose heartbeat is within the expiry, this one included once it has beaten, oldest first; read
     * from PostgreSQL at each call.
     *
     * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot be reached
     */
    public List<LiveInstance> liveInstances() {
        return jdbc.query("""
                select instance_id, host_name, started_at, heartbeat_at, secret_key_id, secret_key_ids
                  from worker_instances
                 where heartbeat_at > now() - :expiryMillis * interval '1 millisecond' or instance_id = :id
                 order by started_at, instance_id
                """, new MapSqlParameterSource("id", instanceId).addValue("expiryMillis", expiry.toMillis()),
                (rs, row) -> new LiveInstance(rs.getString("instance_id"), rs.getString("host_name"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("heartbeat_at").toInstant(),
                        rs.getString("secret_key_id"), strings(rs, "secret_key_ids")));
    }

    private static @Nullable List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : List.of((String[]) array.getArray());
    }

    /**
     * The name ops know this host by: {@code HOSTNAME} where the container runtime sets it (a pod's name), else
     * the local host's name; null when neither can be told. Read once, so a slow resolver costs one start only.
     */
    private static @Nullable String localHostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
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
