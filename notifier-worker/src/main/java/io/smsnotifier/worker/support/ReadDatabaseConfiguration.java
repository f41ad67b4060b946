package io.smsnotifier.worker.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;

/**
 * Makes the {@link ReadDatabase}: the primary's template when {@code notifier.read-datasource.url} is empty, else a
 * pool of read-only connections to the replica, checked before the worker starts (it answers, and holds the tables
 * the reads need), so that a wrong setting stops the start naming itself instead of failing the first search. The
 * pool is not a {@code DataSource} bean: the primary stays the only one, for Flyway, transactions and health.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadDatabaseProperties.class)
class ReadDatabaseConfiguration {

    /** How long the start waits for the replica's first connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The tables the reads on the replica need: the ledger, the audit log, the outcome rollup. */
    private static final String TABLES = "select 1 from deliveries, admin_audit, outcome_minutes limit 0";

    @Bean(destroyMethod = "close")
    ReadDatabase readDatabase(ReadDatabaseProperties properties, NamedParameterJdbcTemplate primary) {
        if (!properties.configured()) {
            return new ReadDatabase(primary, null);
        }
        HikariDataSource pool = pool(properties);
        try {
            new JdbcTemplate(pool).execute(TABLES);
        } catch (DataAccessException e) {
            pool.close();
            // The driver's message names what is missing; it never holds the password.
            throw new ReadDatabaseUnusable("it does not hold the ledger, the audit log and the outcome rollup: "
                    + e.getMostSpecificCause().getMessage(), e);
        }
        return new ReadDatabase(new NamedParameterJdbcTemplate(pool), pool);
    }

    private static HikariDataSource pool(ReadDatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("read-replica");
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.maximumPoolSize());
        config.setMinimumIdle(1);
        // Whatever reaches it by mistake must not write: a replica refuses anyway, a primary named here would not.
        config.setReadOnly(true);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ReadDatabaseUnusable("cannot connect: " + cause.getMessage(), e);
        }
    }
}
