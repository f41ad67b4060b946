package io.smsnotifier.it.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A fresh database for one benchmark run, on the server {@code NOTIFIER_TEST_POSTGRES_URL} names (else an embedded
 * PostgreSQL), dropped on {@link #close()}. Copied from {@code io.smsnotifier.it.faults.FaultDatabase}.
 */
final class BenchDatabase implements AutoCloseable {

    private static EmbeddedPostgres embedded;

    private final String serverUrl;
    private final String name;
    private final String url;

    private BenchDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = withDatabase(serverUrl, name);
    }

    static BenchDatabase create() {
        String serverUrl = serverUrl();
        String name = "notifier_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a benchmark database", e);
        }
        return new BenchDatabase(serverUrl, name);
    }

    static synchronized String serverUrl() {
        String configured = System.getenv("NOTIFIER_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
                System.out.println("[benchmark] PostgreSQL: embedded (io.zonky.test, port " + embedded.getPort() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /** {@code select version()} of the server. */
    static String serverVersion() {
        try (Connection connection = DriverManager.getConnection(serverUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    String url() {
        return url;
    }

    /** Ledger rows by status. */
    Map<String, Integer> statusCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select status, count(*) from deliveries group by status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            counts.put("error: " + e.getMessage(), 0);
        }
        return counts;
    }

    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("[benchmark] could not drop " + name + ": " + e.getMessage());
        }
    }

    private static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }
}
