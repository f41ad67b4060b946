package io.smsnotifier.it.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A fresh database for one fault scenario, on the server {@code NOTIFIER_TEST_POSTGRES_URL} names (else an embedded
 * PostgreSQL), dropped on {@link #close()}; the benchmark uses it too. The test reads the worker's ledger through it directly, never through
 * the worker, so it sees the ledger even while the worker is dead or cut off.
 */
public final class FaultDatabase implements AutoCloseable {

    private static EmbeddedPostgres embedded;

    private final String serverUrl;
    private final String name;
    private final String url;

    private FaultDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = withDatabase(serverUrl, name);
    }

    public static FaultDatabase create() {
        String serverUrl = serverUrl();
        String name = "notifier_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        return new FaultDatabase(serverUrl, name);
    }

    /** The server's version, for reports. */
    public static String serverVersion() {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(serverUrl());
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            return "?";
        }
    }

    private static synchronized String serverUrl() {
        String configured = System.getenv("NOTIFIER_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
                System.out.println("[faults] PostgreSQL: embedded (io.zonky.test, port " + embedded.getPort() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /** The JDBC URL of this database, credentials included. */
    public String url() {
        return url;
    }

    /** The same URL with the server's host and port replaced, e.g. by a proxy's. */
    String urlVia(String host, int port) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        return "jdbc:postgresql://" + host + ":" + port + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    String host() {
        return URI.create(url.substring("jdbc:".length())).getHost();
    }

    int port() {
        int port = URI.create(url.substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    /** Ledger rows by status ({@code deliveries} may not exist yet before the worker's first start). */
    public Map<String, Integer> statusCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        query("select status, count(*) from deliveries group by status",
                rs -> counts.put(rs.getString(1), rs.getInt(2)));
        return counts;
    }

    int count(String sql) {
        int[] count = {0};
        query(sql, rs -> count[0] = rs.getInt(1));
        return count[0];
    }

    /** Every ledger row's recipient key (the E.164 number). */
    Set<String> recipientKeys() {
        Set<String> keys = new HashSet<>();
        query("select recipient_key from deliveries", rs -> keys.add(rs.getString(1)));
        return keys;
    }

    /** When each ledger row was made (never updated), by recipient key: the earliest time its number may be sent. */
    Map<String, java.time.Instant> createdAtByKey() {
        Map<String, java.time.Instant> made = new java.util.HashMap<>();
        query("select recipient_key, created_at from deliveries",
                rs -> made.merge(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        (a, b) -> a.isBefore(b) ? a : b));
        return made;
    }

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    void query(String sql, RowHandler handler) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                handler.row(rs);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return; // the worker has not migrated yet
            }
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("[faults] could not drop " + name + ": " + e.getMessage());
        }
    }

    private static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }
}
