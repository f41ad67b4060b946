package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Recipients;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeliveryRequestTests {

    @Test
    void neverShowsParameterValuesOrPhonesInToString() {
        DeliveryRequest request = new DeliveryRequest("lc-9", Instant.parse("2026-11-21T10:00:00Z"), "login.code", Lane.LOGIN_CODE, Channel.SMS, null, "SMS_LOGIN_1",
                Map.of("code", "482913"), Recipients.ofPhones("+8613800138000"),
                Instant.parse("2026-11-21T10:05:00Z"), "login.code/0/7");

        assertThat(request.toString()).doesNotContain("482913").doesNotContain("13800138000")
                .contains("lc-9").contains("login.code").contains("SMS_LOGIN_1").contains("code");
    }

    @Test
    void namesTheParametersButNotTheirValuesInToString() {
        DeliveryRequest request = new DeliveryRequest("e-1001", Instant.parse("2026-11-21T10:00:00Z"), "approval.reached", Lane.BULK, Channel.SMS, "aliyun-main",
                "SMS_123456789", Map.of("processTitle", "Expense claim #42", "userNick", "Alice"),
                Recipients.ofMembers("u-1"), null, "login.code/0/7");

        assertThat(request.toString()).contains("processTitle").contains("userNick")
                .doesNotContain("Expense claim #42").doesNotContain("Alice");
    }

    @Test
    void copiesItsParameters() {
        Map<String, String> params = new HashMap<>(Map.of("code", "482913"));
        DeliveryRequest request = new DeliveryRequest("lc-9", Instant.parse("2026-11-21T10:00:00Z"), "login.code", Lane.LOGIN_CODE, Channel.VOICE, "webhook", null, params,
                Recipients.ofPhones("+8613800138000"), null, "login.code/0/7");

        params.put("code", "000000");

        assertThat(request.params()).containsExactly(Map.entry("code", "482913"));
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> request.params().put("x", "y"));
    }
}
