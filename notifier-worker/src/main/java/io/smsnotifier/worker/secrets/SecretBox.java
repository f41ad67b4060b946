package io.smsnotifier.worker.secrets;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seals the secrets the worker keeps at rest (such as a vendor's access secret in the database) with AES-256-GCM,
 * and opens them again. The {@code context} a value is sealed for, such as
 * {@code "sms-service:aliyun-main:accessSecret"}, is authenticated with it: a value copied to another row or field
 * does not open there. Each {@link SealedSecret} carries the id of the key that sealed it, so that after a rotation
 * (a new {@code notifier.secrets.key}, the old one moved to {@code notifier.secrets.previous-keys}) older values
 * still open and {@link #isCurrent} tells which to seal again.
 *
 * <p>Thread-safe; the keys are fixed when it is made. A key that is not a base64-encoded 256-bit key fails the
 * start. No key at all does not, so that a worker that keeps no secrets needs none: {@link #canSeal()} is then
 * false. No message of this class contains a key, a plaintext or a ciphertext.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    static final String NO_KEY = "no key to seal secrets with: set notifier.secrets.key (environment "
            + "NOTIFIER_SECRETS_KEY), a base64-encoded 256-bit key as `openssl rand -base64 32` prints it";

    private final @Nullable SealingKey current;
    private final List<String> previousIds;
    private final Map<String, SealingKey> byId;

    SecretBox(SecretsProperties properties) {
        Configuration tink = tink();
        String key = properties.key();
        this.current = key == null || key.isBlank() ? null : SealingKey.decode(key, "notifier.secrets.key", tink);
        Map<String, SealingKey> byId = new HashMap<>();
        if (current != null) {
            byId.put(current.id(), current);
        }
        List<String> previousIds = new ArrayList<>();
        List<String> previousKeys = properties.previousKeys();
        for (int i = 0; i < previousKeys.size(); i++) {
            SealingKey previous = SealingKey.decode(previousKeys.get(i), "notifier.secrets.previous-keys[" + i + "]",
                    tink);
            if (byId.putIfAbsent(previous.id(), previous) == null) {
                previousIds.add(previous.id());
            }
        }
        this.byId = Map.copyOf(byId);
        this.previousIds = List.copyOf(previousIds);
        log.info("secrets sealingKeyId={} previousKeyIds={}", current == null ? "none" : current.id(), previousIds);
    }

    /** Whether a current key is configured, so that {@link #seal} works. */
    public boolean canSeal() {
        return current != null;
    }

    /**
     * The id of the key {@link #seal} uses now: a short fingerprint that does not reveal the key and is the same
     * on every instance configured with it.
     *
     * @throws SecretsUnavailableException when no current key is configured
     */
    public String currentKeyId() {
        return currentKey().id();
    }

    /** The ids of every key this box holds, for other instances to see what it can open. */
    public KeyIds keyIds() {
        return new KeyIds(current == null ? null : current.id(), previousIds);
    }

    /**
     * Seals {@code plaintext} under the current key for {@code context}; sealing the same value twice gives two
     * different ciphertexts (a fresh random IV each time).
     *
     * @param context what the value is for, e.g. {@code "sms-service:aliyun-main:accessSecret"}; {@link #open}
     *                needs the same
     * @throws SecretsUnavailableException when no current key is configured
     */
    public SealedSecret seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        SealingKey key = currentKey();
        try {
            return new SealedSecret(key.id(), key.seal(plaintext.getBytes(StandardCharsets.UTF_8), bytes(context)));
        } catch (GeneralSecurityException e) {
            throw new SecretsUnavailableException("sealing under key " + key.id() + " failed for context '" + context
                    + "': " + e.getClass().getSimpleName());
        }
    }

    /**
     * Opens what {@link #seal} sealed for the same {@code context}, under whichever configured key has its id.
     *
     * @throws SecretsUnavailableException when no configured key has {@code sealed.keyId()}, or the value does not
     *                                     open under it for {@code context} (sealed for another context, or altered)
     */
    public String open(SealedSecret sealed, String context) {
        SealingKey key = byId.get(sealed.keyId());
        if (key == null) {
            throw new SecretsUnavailableException("no configured key has id " + sealed.keyId() + ", the key this "
                    + "secret was sealed under (" + configuredIds() + "): list that key in "
                    + "notifier.secrets.previous-keys (environment NOTIFIER_SECRETS_PREVIOUSKEYS), or set the secret "
                    + "again");
        }
        byte[] plaintext;
        try {
            plaintext = key.open(sealed.ciphertext(), bytes(context));
        } catch (GeneralSecurityException e) {
            // Not chained and not detailed: AES-GCM cannot tell a wrong context from an altered ciphertext.
            throw new SecretsUnavailableException("the secret sealed under key " + key.id() + " does not open under "
                    + "it for context '" + context + "': it was sealed for another context, or it was altered");
        }
        try {
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Whether a value sealed under {@code keyId} is under the current key, so that sealing it again is not needed. */
    public boolean isCurrent(String keyId) {
        return current != null && current.id().equals(keyId);
    }

    private SealingKey currentKey() {
        if (current == null) {
            throw new SecretsUnavailableException(NO_KEY);
        }
        return current;
    }

    private String configuredIds() {
        if (byId.isEmpty()) {
            return "no key is configured";
        }
        return "current key " + (current == null ? "none" : current.id()) + ", previous keys "
                + (previousIds.isEmpty() ? "none" : String.join(", ", previousIds));
    }

    private static byte[] bytes(String context) {
        return Objects.requireNonNull(context, "context").getBytes(StandardCharsets.UTF_8);
    }

    /** Tink's AEAD key managers; registering them again is harmless, so each box does it rather than a static. */
    private static Configuration tink() {
        try {
            AeadConfig.register();
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD could not be registered", e);
        }
    }
}
