package io.smsnotifier.worker.support;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns an unusable read replica at start-up into a report that names its settings. Ahead of
 * {@link DatabaseUnreachableFailureAnalyzer}, which would otherwise blame {@code spring.datasource} for the
 * replica's connection failure.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReadDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<ReadDatabaseUnusable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReadDatabaseUnusable cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Check notifier.read-datasource.url, notifier.read-datasource.username and "
                        + "notifier.read-datasource.password (environment NOTIFIER_READDATASOURCE_URL, ..._USERNAME, "
                        + "..._PASSWORD): a read replica of the primary database, or leave url empty to read the "
                        + "primary.",
                cause);
    }
}
