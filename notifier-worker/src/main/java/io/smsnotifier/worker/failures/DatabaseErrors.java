package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

import java.sql.SQLException;

/** What a database failure says about itself without quoting a value: its SQLSTATE. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /** The SQLSTATE of the first {@link SQLException} among {@code e}'s causes, or null when there is none. */
    public static @Nullable String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * True when PostgreSQL refused a value rather than failed: data exceptions (class 22, e.g. a string too long
     * or an invalid byte sequence), integrity violations (23) and program limits (54, e.g. an index row too
     * large). An unreachable database is none of these.
     */
    public static boolean causedByAValue(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }
}
