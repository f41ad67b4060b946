package io.smsnotifier.worker.support;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.sql.SQLException;

/**
 * Turns "PostgreSQL cannot be reached" at start-up into a report that names the properties to check, instead
 * of a connection-pool stack trace.
 */
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState();
        boolean connectionFailure = state != null && (state.startsWith("08") || state.equals("28P01")
                || state.equals("28000") || state.equals("3D000"));
        if (!connectionFailure) {
            return null;
        }
        return new FailureAnalysis(
                "PostgreSQL cannot be reached or refused the login (SQLState " + state + "): " + cause.getMessage(),
                "Check spring.datasource.url, spring.datasource.username and spring.datasource.password "
                        + "(environment SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD). "
                        + "The worker keeps its delivery ledger there and does not start without it.",
                cause);
    }
}
