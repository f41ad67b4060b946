package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A setting checks its own values and shows them without what they may carry. */
class ServiceSettingTests {

    private static final String URL = "https://ops:s3cr3t@hook.example.com:8443/sms/send?token=t0k3n#frag";

    @Test
    void aRedactedUrlKeepsWhereItGoesButNotTheCredentialsTheQueryOrATokenInThePath() {
        assertThat(ServiceSetting.redactedUrl(URL)).isEqualTo("https://hook.example.com:8443/sms/send");
        assertThat(ServiceSetting.redactedUrl(
                "https://open.feishu.cn/open-apis/bot/v2/hook/2f1c9a7e-4b3d-4e6f-9a1b-6c5d4e3f2a1b"))
                .isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/…");
        assertThat(ServiceSetting.redactedUrl("https://gw.example.com/send/a1b2c3d4e5")).isEqualTo(
                "https://gw.example.com/send/…");
        assertThat(ServiceSetting.redactedUrl("not a url")).isEqualTo("(not a URL)");
        assertThat(ServiceSetting.redactedUrl(null)).isNull();
    }

    @Test
    void aDefinitionShownInALogCarriesNoValueOfItsTypesSettings() {
        ServiceDefinition hook = new ServiceDefinition(new SmsServicesProperties.Service(
                SmsServicesProperties.Type.WEBHOOK, true, 1, 1, 100, null, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), Map.of("url", URL, "headers", Map.of("Authorization", "Bearer x")));

        assertThat(hook.toString()).contains("headers").contains("url")
                .doesNotContain("s3cr3t").doesNotContain("t0k3n").doesNotContain("Bearer x");
    }

    @Test
    void eachKindChecksItsValues() {
        ServiceSetting endpoint = ServiceSetting.endpoint("endpoint");
        assertThat(endpoint.problem("https://dysmsapi.aliyuncs.com")).isNull();
        assertThat(endpoint.problem("dysmsapi.aliyuncs.com")).isNull();
        assertThat(endpoint.problem("https://user:pw@dysmsapi.aliyuncs.com")).contains("scheme, host and port");
        assertThat(endpoint.problem("ftp://dysmsapi.aliyuncs.com")).as("the factory judges the scheme").isNull();
        assertThat(ServiceSetting.url("url").problem("gopher://x")).contains("http");
        assertThat(ServiceSetting.text("signName").atMost(4).problem("toolong")).contains("at most 4");
        assertThat(ServiceSetting.text("signName").problem("line\nbreak")).contains("control");
        assertThat(ServiceSetting.headers("headers").problem(Map.of("Bad Header", "x"))).contains("header name");
        assertThat(ServiceSetting.flag("exclusive").problem(1)).contains("true or false");
        assertThat(ServiceSetting.text("accessKey").asAccountId().shown("LTAI5tExampleKey")).isEqualTo("LTAI****");
        assertThat(ServiceSetting.text("accessSecret").asSecret().shown("s3cret")).isNull();
        assertThat(ServiceSetting.text("accessKey").property()).isEqualTo("access-key");
    }
}
