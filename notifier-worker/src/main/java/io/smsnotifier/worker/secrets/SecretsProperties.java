package io.smsnotifier.worker.secrets;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * {@code notifier.secrets.*}: the keys that seal what the worker keeps at rest. Each is a base64-encoded 256-bit
 * key exactly as {@code openssl rand -base64 32} prints it. The values are checked when the {@link SecretBox} is
 * made rather than by bean validation, whose start-up report would print the rejected value: a bad key fails the
 * start with the property's name and never its value.
 *
 * @param key          the current key (environment {@code NOTIFIER_SECRETS_KEY}): seals new values and opens what it
 *                     sealed; {@code null} or blank when none is set, and then nothing can be sealed
 * @param previousKeys keys a rotation replaced, still accepted for opening what they sealed until it is sealed
 *                     again under the current key; never used to seal
 */
@ConfigurationProperties("notifier.secrets")
record SecretsProperties(@Nullable String key, @DefaultValue List<String> previousKeys) {

    SecretsProperties {
        previousKeys = List.copyOf(previousKeys);
    }

    @Override
    public String toString() {
        return "SecretsProperties[key=" + (key == null || key.isBlank() ? "(none)" : "****")
                + ", previousKeys=" + previousKeys.size() + " × ****]";
    }
}
