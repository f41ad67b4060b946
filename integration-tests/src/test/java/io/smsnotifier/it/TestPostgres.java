package io.smsnotifier.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real PostgreSQL for the tests, chosen as the README says: {@code NOTIFIER_TEST_POSTGRES_URL} (CI points it at
 * the machine's server), else Testcontainers where Docker runs, else an embedded PostgreSQL. Each caller gets a
 * fresh database on that server, so test contexts never see each other's rows. The choice is printed once.
 */
public final class TestPostgres {

    private static String serverUrl;
    private static String source;
    private static final java.util.List<String> created = new java.util.ArrayList<>();

    private TestPostgres() {
    }

    /** A JDBC URL (credentials included) for a new, empty database. */
    public static synchronized String freshDatabaseUrl() {
        if (serverUrl == null) {
            start();
            System.out.println("[integration-tests] PostgreSQL: " + source);
            // The machine's shared server would otherwise collect a database per test context and run.
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "drop-test-databases"));
        }
        String database = "notifier_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
            created.add(database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database on " + source, e);
        }
        return withDatabase(serverUrl, database);
    }

    private static synchronized void dropCreated() {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            for (String database : created) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("[integration-tests] could not drop test databases: " + e.getMessage());
        }
    }

    private static void start() {
        String configured = System.getenv("NOTIFIER_TEST_POSTGRES_URL");
        if (configured != null && !configured.isBlank()) {
            serverUrl = configured;
            source = "NOTIFIER_TEST_POSTGRES_URL (" + configured.replaceAll("password=[^&]*", "password=****") + ")";
        } else if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            serverUrl = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=" + container.getUsername() + "&password=" + container.getPassword();
            source = "Testcontainers (" + container.getDockerImageName() + ")";
        } else {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                serverUrl = embedded.getJdbcUrl("postgres", "postgres");
                source = "embedded PostgreSQL (io.zonky.test, port " + embedded.getPort() + ")";
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Replaces the database in {@code jdbc:postgresql://host:port/db?params}. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }
}
