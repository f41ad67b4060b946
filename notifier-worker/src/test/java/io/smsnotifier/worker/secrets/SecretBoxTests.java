package io.smsnotifier.worker.secrets;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTests {

    // Test keys only (openssl rand -base64 32); the ids beside them were computed with openssl, not with this code:
    // echo -n "sms-notifier secret key id" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key in hex> | cut -c1-16
    private static final String KEY_A = "1Qw6WDHUb+YVVS/SXivGR8rhhM+N1j7NsmAEb0+hKic=";
    private static final String ID_A = "00502a88762c3f1e";
    private static final String KEY_B = "pn63Tff/O9FDU8/RDw62CdxLMNCP82XG4mCW3yZsbqY=";
    private static final String ID_B = "648bb82ebdafeb5d";

    private static final String CONTEXT = "sms-service:aliyun-main:accessSecret";
    private static final String SECRET = "LTAI5t-s3cr3t-ÄÖ-短信";

    @Test
    void aSealedSecretOpensAgainForTheSameContext() {
        SecretBox box = box(KEY_A);

        SealedSecret sealed = box.seal(SECRET, CONTEXT);

        assertThat(sealed.keyId()).isEqualTo(box.currentKeyId());
        assertThat(box.open(sealed, CONTEXT)).isEqualTo(SECRET);
        assertThat(box.open(box.seal("", CONTEXT), CONTEXT)).isEmpty();
    }

    @Test
    void theCiphertextHoldsNoneOfThePlaintextAndDiffersEachTime() {
        SecretBox box = box(KEY_A);
        String plaintext = "a fairly long vendor secret, long enough to be found if it were there";

        SealedSecret sealed = box.seal(plaintext, CONTEXT);

        assertThat(indexOf(sealed.ciphertext(), plaintext.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(indexOf(sealed.ciphertext(), "vendor".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(sealed.ciphertext()).hasSize(12 + plaintext.getBytes(StandardCharsets.UTF_8).length + 16);
        assertThat(box.seal(plaintext, CONTEXT)).as("a fresh IV per seal").isNotEqualTo(sealed);
        assertThat(sealed.toString()).doesNotContain(plaintext).contains(sealed.keyId());
    }

    @Test
    void aSecretDoesNotOpenForAnotherContext() {
        SecretBox box = box(KEY_A);
        SealedSecret sealed = box.seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> box.open(sealed, "sms-service:tencent-main:secretKey"))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(ID_A)
                .hasMessageContaining("another context")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(KEY_A)
                .hasNoCause();
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        SecretBox box = box(KEY_A);
        byte[] ciphertext = box.seal(SECRET, CONTEXT).ciphertext();
        ciphertext[ciphertext.length - 1] ^= 1;

        assertThatThrownBy(() -> box.open(new SealedSecret(ID_A, ciphertext), CONTEXT))
                .isInstanceOf(SecretsUnavailableException.class).hasMessageContaining(ID_A);
    }

    @Test
    void aSecretSealedUnderAPreviousKeyOpensAfterARotationAndIsNotCurrent() {
        SealedSecret sealedBefore = box(KEY_A).seal(SECRET, CONTEXT);

        SecretBox rotated = new SecretBox(new SecretsProperties(KEY_B, List.of(KEY_A)));

        assertThat(rotated.open(sealedBefore, CONTEXT)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(sealedBefore.keyId())).isFalse();
        SealedSecret sealedAgain = rotated.seal(rotated.open(sealedBefore, CONTEXT), CONTEXT);
        assertThat(sealedAgain.keyId()).isEqualTo(ID_B);
        assertThat(rotated.isCurrent(sealedAgain.keyId())).isTrue();
    }

    @Test
    void aSecretUnderAKeyNotConfiguredFailsNamingTheKeyIdAndNothingSecret() {
        SealedSecret sealed = box(KEY_A).seal(SECRET, CONTEXT);
        SecretBox other = box(KEY_B);

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining("no configured key has id " + ID_A)
                .hasMessageContaining("notifier.secrets.previous-keys")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(KEY_A)
                .hasMessageNotContaining(KEY_B)
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(sealed.ciphertext()))
                .hasMessageNotContaining(HexFormat.of().formatHex(sealed.ciphertext()));
        assertThatThrownBy(() -> box(null).open(sealed, CONTEXT))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(ID_A).hasMessageContaining("no key is configured");
    }

    @Test
    void sealingWithoutAKeyNamesThePropertyToSet() {
        for (SecretBox box : List.of(box(null), box("  "), new SecretBox(new SecretsProperties(null, List.of(KEY_A))))) {
            assertThat(box.canSeal()).isFalse();
            assertThat(box.isCurrent(ID_A)).isFalse();
            assertThatThrownBy(() -> box.seal(SECRET, CONTEXT))
                    .isInstanceOf(SecretsUnavailableException.class)
                    .hasMessage("no key to seal secrets with: set notifier.secrets.key (environment "
                            + "NOTIFIER_SECRETS_KEY), a base64-encoded 256-bit key as `openssl rand -base64 32` "
                            + "prints it");
            assertThatThrownBy(box::currentKeyId).isInstanceOf(SecretsUnavailableException.class)
                    .hasMessageContaining("notifier.secrets.key");
        }
    }

    @Test
    void aKeyThatIsNotBase64FailsNamingThePropertyButNotTheValue() {
        String notBase64 = "this-is-no-base64-key!!";

        assertThatThrownBy(() -> box(notBase64))
                .isInstanceOf(InvalidSecretKey.class)
                .hasMessageStartingWith("notifier.secrets.key is not valid base64")
                .hasMessageNotContaining(notBase64)
                .hasMessageNotContaining("!")
                .hasNoCause();
    }

    @Test
    void aKeyOfTheWrongLengthFailsNamingThePropertyButNotTheValue() {
        String aes128 = "q83vEjRWeJq83vEjRWeJqw==";

        assertThatThrownBy(() -> box(aes128))
                .isInstanceOf(InvalidSecretKey.class)
                .hasMessageStartingWith("notifier.secrets.key decodes to 16 bytes, not the 32 of a 256-bit key")
                .hasMessageNotContaining(aes128);
    }

    @Test
    void aBadPreviousKeyFailsNamingItsIndex() {
        String truncated = KEY_B.substring(0, 40);

        assertThatThrownBy(() -> new SecretBox(new SecretsProperties(KEY_A, List.of(KEY_A, truncated))))
                .isInstanceOf(InvalidSecretKey.class)
                .hasMessageStartingWith("notifier.secrets.previous-keys[1] ")
                .hasMessageNotContaining(truncated);
        assertThatThrownBy(() -> new SecretBox(new SecretsProperties(KEY_A, List.of(""))))
                .isInstanceOf(InvalidSecretKey.class)
                .hasMessageStartingWith("notifier.secrets.previous-keys[0] is empty");
    }

    @Test
    void aKeyIdIsTheSameOnEveryInstanceForTheSameKeyAndDiffersForAnother() {
        assertThat(box(KEY_A).currentKeyId()).isEqualTo(ID_A).isEqualTo(box(KEY_A + "\n").currentKeyId());
        assertThat(box(KEY_B).currentKeyId()).isEqualTo(ID_B);
        assertThat(ID_A).hasSize(16).isNotEqualTo(ID_B);
    }

    @Test
    void advertisesTheIdsOfEveryKeyItHoldsTheCurrentOneFirst() {
        KeyIds rotated = new SecretBox(new SecretsProperties(KEY_B, List.of(KEY_A, KEY_B))).keyIds();

        assertThat(rotated.current()).isEqualTo(ID_B);
        assertThat(rotated.previous()).as("the current key listed again is not a previous one").containsExactly(ID_A);
        assertThat(rotated.held()).containsExactly(ID_B, ID_A);
        KeyIds openOnly = new SecretBox(new SecretsProperties(null, List.of(KEY_A))).keyIds();
        assertThat(openOnly.current()).isNull();
        assertThat(openOnly.held()).containsExactly(ID_A);
        assertThat(box(null).keyIds().held()).isEmpty();
    }

    /** Pins the stored format (IV, ciphertext, tag; the context as associated data) across Tink upgrades. */
    @Test
    void opensWhatAnotherAesGcmImplementationSealed() {
        // Made with Python's cryptography: nonce + AESGCM(KEY_A).encrypt(nonce, SECRET, CONTEXT).
        byte[] sealedElsewhere = Base64.getDecoder()
                .decode("wtsTTBIhMUMm/FbS7dJgeKWRjDF3S4jn/XSmawir7WP7OUSaiwqB85FFQm0vPyDapO5Qtt4=");

        assertThat(box(KEY_A).open(new SealedSecret(ID_A, sealedElsewhere), CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void neitherThePropertiesNorASealedSecretShowAKey() {
        SecretsProperties properties = new SecretsProperties(KEY_A, List.of(KEY_B));

        assertThat(properties.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B).contains("****");
        assertThat(new SecretsProperties(null, List.of()).toString()).contains("(none)");
    }

    @Test
    void aSealedSecretCannotBeChangedThroughItsArray() {
        byte[] bytes = {1, 2, 3};
        SealedSecret sealed = new SealedSecret(ID_A, bytes);
        bytes[0] = 9;
        sealed.ciphertext()[1] = 9;

        assertThat(sealed.ciphertext()).containsExactly(1, 2, 3);
        assertThat(sealed).isEqualTo(new SealedSecret(ID_A, new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new SealedSecret(ID_A, new byte[] {1, 2, 3}));
    }

    private static SecretBox box(@Nullable String key) {
        return new SecretBox(new SecretsProperties(key, List.of()));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
