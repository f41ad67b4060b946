package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a ledger statement that joins a round's rows with the ledger by key planned as one lookup per row (a nested
 * loop over the key's index), never as a hash or merge join over a day's partition. PostgreSQL prices a lookup per
 * row above reading a partition of some tens of thousands of rows and sorting it, but the sort compares text keys
 * by the database's collation: a claim of 1,000 numbers on a day of 19,500 rows took 373 ms that way and a few with
 * lookups, and the delivery benchmark's backlog drained at 20 SMS/s. A new day's partition is that small every
 * morning. The setting holds for the statement's own transaction alone ({@code set_config(..., true)}). Thread-safe.
 */
final class KeyLookups {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    KeyLookups(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(
                Objects.requireNonNull(jdbc.getJdbcTemplate().getDataSource())));
    }

    <T> T run(Supplier<T> statement) {
        return transaction.execute(status -> {
            jdbc.getJdbcTemplate().execute("select set_config('enable_hashjoin', 'off', true), "
                    + "set_config('enable_mergejoin', 'off', true)");
            return statement.get();
        });
    }
}
