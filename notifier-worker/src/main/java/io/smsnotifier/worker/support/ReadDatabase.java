package io.smsnotifier.worker.support;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Where the reads go that may lag a moment behind the writes: delivery search (the API and the console), the audit
 * log's pages, handset statistics (and their alert) and the overview's outcome counts. With
 * {@code notifier.read-datasource.url} set, a read replica's connection pool ({@link ReadDatabaseConfiguration});
 * without, the primary's, as before. Every write, and every read the delivery path needs to be current (claims,
 * settles, receipts, limits, pulls), stays on the primary ({@code spring.datasource}). On a replica a number just
 * sent may show a moment later. Thread-safe.
 */
public final class ReadDatabase implements AutoCloseable {

    private final NamedParameterJdbcTemplate jdbc;
    private final @Nullable HikariDataSource replica;

    ReadDatabase(NamedParameterJdbcTemplate jdbc, @Nullable HikariDataSource replica) {
        this.jdbc = jdbc;
        this.replica = replica;
    }

    /** For statements with named parameters. */
    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    /** For statements with positional parameters. */
    public JdbcTemplate plain() {
        return jdbc.getJdbcTemplate();
    }

    /** Whether the reads go to a replica rather than the primary. */
    public boolean replica() {
        return replica != null;
    }

    /** Closes the replica's pool; the primary's is the context's. */
    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}
