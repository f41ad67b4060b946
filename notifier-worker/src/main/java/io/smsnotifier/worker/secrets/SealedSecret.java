package io.smsnotifier.worker.secrets;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret as {@link SecretBox#seal} leaves it, to be stored as it is: the id of the key that sealed it and the
 * ciphertext (IV, encrypted bytes and tag). Neither reveals the secret or the key; the ciphertext opens only under
 * that key and with the context it was sealed for. Immutable: the array is copied in and out.
 *
 * @param keyId      the sealing key's id, as {@link SecretBox#currentKeyId()} gave it
 * @param ciphertext what AES-256-GCM produced
 */
public record SealedSecret(String keyId, byte[] ciphertext) {

    public SealedSecret {
        Objects.requireNonNull(keyId, "keyId");
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SealedSecret that && keyId.equals(that.keyId)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
