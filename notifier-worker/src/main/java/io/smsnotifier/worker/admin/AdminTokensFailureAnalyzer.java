package io.smsnotifier.worker.admin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a token configuration the worker refuses ({@link AdminTokens.Misconfigured}) into a start-up report that
 * names the property and says what a valid configuration looks like, without any token's value.
 */
class AdminTokensFailureAnalyzer extends AbstractFailureAnalyzer<AdminTokens.Misconfigured> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AdminTokens.Misconfigured cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Give every person or system a token of its own: notifier.admin.tokens.<name>.token (at least "
                        + AdminTokens.MIN_LENGTH + " characters, e.g. openssl rand -hex 32) and "
                        + "notifier.admin.tokens.<name>.role (viewer or operator); notifier.admin.token (environment "
                        + "NOTIFIER_ADMIN_TOKEN) is one more operator token, named '" + AdminTokens.LEGACY_NAME + "'.",
                cause);
    }
}
