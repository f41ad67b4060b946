package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A service document reads as configuration does, names every wrong field, and keeps left-out secrets. */
class ServiceDocumentTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServiceDocument read(String json, List<String> fields) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceDocument.read(JSON.readTree(json), errors);
        document.checkValues(errors);
        try {
            errors.throwIfAny("the service");
        } catch (FieldErrors.InvalidDocument e) {
            e.errors().forEach(error -> fields.add(error.field()));
        }
        return document;
    }

    @Test
    void whatWorksInYamlWorksHereWithTheDefaultsOfConfiguration() {
        List<String> fields = new ArrayList<>();
        SmsServicesProperties.Service service = read("""
                {"name": "aliyun-2", "type": "ALIYUN", "accessKey": "LTAI5tKey", "accessSecret": "s3cret",
                 "signName": "Acme", "readTimeout": "2s", "connectTimeout": "PT0.5S"}""", fields).toService();

        assertThat(fields).isEmpty();
        assertThat(service.type()).isEqualTo(SmsServicesProperties.Type.ALIYUN);
        assertThat(service.enabled()).isTrue();
        assertThat(service.priority()).isEqualTo(100);
        assertThat(service.maxQps()).isEqualTo(100);
        assertThat(service.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(service.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void everyWrongFieldIsNamed() {
        List<String> fields = new ArrayList<>();
        read("""
                {"name": "-bad", "type": "carrier-pigeon", "priority": "high", "maxQps": 0, "exclusive": 1,
                 "headers": {"Bad Header": "x"}, "readTimeout": "120s", "signName": "line\\nbreak", "maxQPS": 1}""",
                fields);

        assertThat(fields).containsExactlyInAnyOrder("name", "type", "priority", "maxQps", "exclusive", "headers",
                "readTimeout", "signName", "maxQPS");
    }

    @Test
    void anUpdateThatLeavesASecretOutKeepsItAndOneThatSendsItReplacesIt() {
        SmsServicesProperties.Service old = read("""
                {"type": "tencent", "secretId": "AKIDold", "secretKey": "old-key", "sdkAppId": "1400000001",
                 "signName": "Acme", "headers": {"X-Token": "t"}}""", new ArrayList<>()).toService();

        SmsServicesProperties.Service kept = read("""
                {"type": "tencent", "sdkAppId": "1400000002", "signName": "Acme"}""", new ArrayList<>())
                .keepingLeftOut(old).toService();
        SmsServicesProperties.Service replaced = read("""
                {"type": "tencent", "secretKey": "new-key", "sdkAppId": "1400000002", "signName": "Acme",
                 "headers": {}}""", new ArrayList<>()).keepingLeftOut(old).toService();

        assertThat(kept.secretKey()).isEqualTo("old-key");
        assertThat(kept.secretId()).isEqualTo("AKIDold");
        assertThat(kept.headers()).isEqualTo(Map.of("X-Token", "t"));
        assertThat(kept.sdkAppId()).isEqualTo("1400000002");
        assertThat(replaced.secretKey()).isEqualTo("new-key");
        assertThat(replaced.headers()).isEmpty();
    }

    @Test
    void secretsAreKeptOutOfThePlainSettings() {
        SmsServicesProperties.Service service = read("""
                {"type": "webhook", "url": "https://hooks.example.com/sms", "signature": "hmac-key",
                 "headers": {"Authorization": "Bearer abc"}}""", new ArrayList<>()).toService();

        assertThat(ServiceDocument.plainSettings(service).toString()).doesNotContain("hmac-key", "Bearer abc");
        assertThat(ServiceDocument.secrets(service, JSON)).containsOnlyKeys("signature", "headers");
    }

    @Test
    void aWebhookUrlThatCarriesATokenIsSealedWholeAndAnUpdateSendingItBackAsShownKeepsIt() {
        SmsServicesProperties.Service old = read("""
                {"type": "webhook", "url": "https://user:pw@hooks.example.com/sms?token=t0k3n"}""", new ArrayList<>())
                .toService();

        assertThat(ServiceDocument.plainSettings(old).get("url")).isEqualTo("https://hooks.example.com/sms");
        assertThat(ServiceDocument.secrets(old, JSON)).containsEntry("url",
                "https://user:pw@hooks.example.com/sms?token=t0k3n");
        SmsServicesProperties.Service resent = read("""
                {"type": "webhook", "url": "https://hooks.example.com/sms"}""", new ArrayList<>())
                .keepingLeftOut(old).toService();
        SmsServicesProperties.Service moved = read("""
                {"type": "webhook", "url": "https://other.example.com/sms"}""", new ArrayList<>())
                .keepingLeftOut(old).toService();
        assertThat(resent.url()).isEqualTo("https://user:pw@hooks.example.com/sms?token=t0k3n");
        assertThat(moved.url()).isEqualTo("https://other.example.com/sms");
    }
}
