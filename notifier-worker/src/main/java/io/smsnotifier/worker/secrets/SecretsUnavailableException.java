package io.smsnotifier.worker.secrets;

/**
 * A secret cannot be sealed or opened with the keys this worker has: none is configured, none has the id the
 * secret was sealed under, or it does not open under that key in the context given. Not retryable: only a change
 * of {@code notifier.secrets.*} (or of the stored value) helps. The message names the key id and the property to
 * set, never a key, a plaintext or a ciphertext.
 */
public class SecretsUnavailableException extends RuntimeException {

    public SecretsUnavailableException(String message) {
        super(message);
    }
}
