package io.smsnotifier.worker.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One configured key: its id and the AES-256-GCM primitive Tink makes from it. The raw bytes live on only inside
 * Tink's key; the id is a fingerprint that may be stored and logged, since it does not reveal the key.
 */
final class SealingKey {

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int ID_BYTES = 8;
    private static final String ID_MAC = "HmacSHA256";
    private static final byte[] ID_LABEL = "sms-notifier secret key id".getBytes(StandardCharsets.UTF_8);

    private final String id;
    private final Aead aead;

    private SealingKey(String id, Aead aead) {
        this.id = id;
        this.aead = aead;
    }

    /**
     * Decodes a key as {@code openssl rand -base64 32} prints it (surrounding whitespace, such as the newline a
     * key file ends with, is ignored).
     *
     * @param property the property it came from, for the message when it is not a key
     * @throws InvalidSecretKey when it is not base64 or not 32 bytes; the message names {@code property} only
     */
    static SealingKey decode(String base64, String property, Configuration tink) {
        if (base64.isBlank()) {
            throw new InvalidSecretKey(property, "is empty");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes the offending character of the key.
            throw new InvalidSecretKey(property, "is not valid base64");
        }
        try {
            if (raw.length != KEY_BYTES) {
                throw new InvalidSecretKey(property, "decodes to " + raw.length + " bytes, not the 32 of a 256-bit key");
            }
            return new SealingKey(idOf(raw), aeadOf(raw, tink));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The first 8 bytes of HMAC-SHA256(key, label), in hex: the same for the same key on every instance. */
    static String idOf(byte[] raw) {
        try {
            Mac mac = Mac.getInstance(ID_MAC);
            mac.init(new SecretKeySpec(raw, ID_MAC));
            return HexFormat.of().formatHex(mac.doFinal(ID_LABEL), 0, ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ID_MAC, e);
        }
    }

    private static Aead aeadOf(byte[] raw, Configuration tink) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(IV_BYTES)
                    .setTagSizeBytes(TAG_BYTES)
                    // The key id travels beside the ciphertext, so Tink's 5-byte key prefix is not needed.
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                    .build();
            KeysetHandle keyset = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary())
                    .build();
            return keyset.getPrimitive(tink, Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not make AES-256-GCM from a valid 32-byte key", e);
        }
    }

    String id() {
        return id;
    }

    /** A fresh random IV per call (Tink's), then the ciphertext and the tag; {@code context} is authenticated. */
    byte[] seal(byte[] plaintext, byte[] context) throws GeneralSecurityException {
        return aead.encrypt(plaintext, context);
    }

    byte[] open(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
        return aead.decrypt(ciphertext, context);
    }
}
