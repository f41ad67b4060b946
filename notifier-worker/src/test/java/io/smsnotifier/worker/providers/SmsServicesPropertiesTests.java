package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmsServicesPropertiesTests {

    private static final String URL = "https://ops:s3cr3t@hook.example.com:8443/sms/send?token=t0k3n#frag";

    @Test
    void aRedactedUrlKeepsWhereItGoesButNotTheCredentialsOrTheQuery() {
        assertThat(SmsServicesProperties.redactedUrl(URL)).isEqualTo("https://hook.example.com:8443/sms/send");
        assertThat(SmsServicesProperties.redactedUrl("not a url")).isEqualTo("(not a URL)");
        assertThat(SmsServicesProperties.redactedUrl(null)).isNull();
    }

    @Test
    void aServiceShownInALogCarriesNoCredentialFromItsUrl() {
        SmsServicesProperties.Service hook = new SmsServicesProperties.Service(SmsServicesProperties.Type.WEBHOOK,
                true, 1, 1, null, null, null, null, null, null, null, null, URL, Map.of("Authorization", "Bearer x"),
                null, false, false, java.util.List.of(), 100, null, Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(hook.toString()).contains("url=https://hook.example.com:8443/sms/send")
                .doesNotContain("s3cr3t").doesNotContain("t0k3n").doesNotContain("Bearer x");
    }
}
