package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code receipts} setting: push unless a service says pull or both; the check names what it takes. */
class ReceiptModeTests {

    @Test
    void aServiceWithoutTheSettingIsPushedToAndPullAndBothArePulled() {
        assertThat(ReceiptMode.of(definition(Map.of()))).isEqualTo(ReceiptMode.PUSH);
        assertThat(ReceiptMode.of(definition(Map.of("receipts", "pull")))).isEqualTo(ReceiptMode.PULL);
        assertThat(ReceiptMode.of(definition(Map.of("receipts", " both ")))).isEqualTo(ReceiptMode.BOTH);
        assertThat(ReceiptMode.PUSH.pulled()).isFalse();
        assertThat(ReceiptMode.PULL.pulled()).isTrue();
        assertThat(ReceiptMode.BOTH.pulled()).isTrue();
    }

    @Test
    void onlyPushPullOrBothPassTheCheck() {
        assertThat(ReceiptMode.SETTING.problem("pull")).isNull();
        assertThat(ReceiptMode.SETTING.problem("poll")).isEqualTo("must be push, pull or both");
        assertThat(ReceiptMode.SETTING.problem(true)).isEqualTo("must be a string");
    }

    private static ServiceDefinition definition(Map<String, Object> settings) {
        return new ServiceDefinition(new SmsServicesProperties.Service(SmsServicesProperties.Type.ALIYUN, true, 1, 1,
                10, null, Duration.ofSeconds(1), Duration.ofSeconds(1)), settings);
    }
}
