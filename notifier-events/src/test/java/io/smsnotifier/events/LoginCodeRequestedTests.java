package io.smsnotifier.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCodeRequestedTests {

    private final LoginCodeRequested request = new LoginCodeRequested("lc-9", Instant.parse("2026-11-21T10:00:00Z"),
            "+8613800138000", "482913", Instant.parse("2026-11-21T10:05:00Z"), Channel.SMS, null, "SMS_LOGIN_1");

    @Test
    void toStringNeverShowsTheCodeOrTheWholePhone() {
        assertThat(request.toString())
                .doesNotContain("482913")
                .doesNotContain("+8613800138000")
                .doesNotContain("13800138000")
                .contains("lc-9", "+86138****8000");
    }

    @Test
    void withoutCodeKeepsEverythingButTheCode() {
        LoginCodeRequested withoutCode = request.withoutCode();

        assertThat(withoutCode.code()).isNull();
        assertThat(withoutCode).usingRecursiveComparison().ignoringFields("code").isEqualTo(request);
        assertThat(EventJson.mapper().writeValueAsString(withoutCode)).doesNotContain("482913");
    }

    @Test
    void channelDefaultsToSms() {
        assertThat(new LoginCodeRequested("lc-1", Instant.EPOCH, "13800138000", "1", Instant.EPOCH, null, null,
                "SMS_LOGIN_1").channel()).isEqualTo(Channel.SMS);
    }
}
