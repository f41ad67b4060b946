package io.smsnotifier.worker.secrets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code notifier.secrets.*} as the application binds it: from the environment, and a bad key at start-up. */
class SecretsConfigurationTests {

    private static final String KEY_A = "1Qw6WDHUb+YVVS/SXivGR8rhhM+N1j7NsmAEb0+hKic=";
    private static final String ID_A = "00502a88762c3f1e";
    private static final String KEY_B = "pn63Tff/O9FDU8/RDw62CdxLMNCP82XG4mCW3yZsbqY=";
    private static final String KEY_C = "fCt/dBCiV2baTRTAKobXlI8WZbzK5MN6xxX4RqzHiWI=";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Secrets.class);

    @Test
    void theKeysBindFromTheEnvironment() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("NOTIFIER_SECRETS_KEY", KEY_A,
                                        "NOTIFIER_SECRETS_PREVIOUSKEYS", KEY_B + "," + KEY_C))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SecretBox box = context.getBean(SecretBox.class);
                    assertThat(box.currentKeyId()).isEqualTo(ID_A);
                    assertThat(context.getBean(SecretsProperties.class).previousKeys()).containsExactly(KEY_B, KEY_C);
                });
    }

    @Test
    void withoutAKeyTheWorkerStillStartsButCannotSeal() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SecretBox.class).canSeal()).isFalse();
        });
    }

    @Test
    void aBadKeyFailsTheStartNamingThePropertyAndNeverTheValue() {
        String badKey = "c2hvcnQta2V5LW5vdC0zMi1ieXRlcw==";
        runner.withPropertyValues("notifier.secrets.key=" + badKey).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new InvalidSecretKeyFailureAnalyzer().analyze(failure);

            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith("notifier.secrets.key decodes to 22 bytes");
            assertThat(analysis.getAction()).contains("openssl rand -base64 32");
            assertThat(String.join("\n", messages(failure), analysis.getDescription(), analysis.getAction()))
                    .contains("notifier.secrets.key")
                    .doesNotContain(badKey);
        });
        runner.withPropertyValues("notifier.secrets.key=" + KEY_A, "notifier.secrets.previous-keys=" + KEY_B + ",%%")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("notifier.secrets.previous-keys[1] is not valid base64").doesNotContain("%%"));
    }

    @Test
    void theStartUpReportKnowsABadKey() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }));

        assertThat(analyzers).hasAtLeastOneElementOfType(InvalidSecretKeyFailureAnalyzer.class);
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecretsProperties.class)
    @Import(SecretBox.class)
    static class Secrets {
    }
}
