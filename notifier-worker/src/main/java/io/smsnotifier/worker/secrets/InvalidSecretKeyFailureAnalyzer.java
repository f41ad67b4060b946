package io.smsnotifier.worker.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad {@code notifier.secrets.*} key into a start-up report that says which property and what to set,
 * instead of a bean-creation stack trace. It never prints the value.
 */
class InvalidSecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretKey> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretKey cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.property() + " to a key that `openssl rand -base64 32` printed (the current key is "
                        + "notifier.secrets.key, environment NOTIFIER_SECRETS_KEY; keys a rotation replaced go in "
                        + "notifier.secrets.previous-keys, environment NOTIFIER_SECRETS_PREVIOUSKEYS, comma-separated). "
                        + "A key that sealed stored secrets must stay configured until they are sealed again under "
                        + "the current key.",
                cause);
    }
}
