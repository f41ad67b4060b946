package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.DestinationProperties;
import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.providers.aliyun.AliyunProviderFactory;
import io.smsnotifier.worker.providers.tencent.TencentProviderFactory;
import io.smsnotifier.worker.providers.webhook.WebhookProviderFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service document reads as configuration does, with each type's settings as its adapter declares them; names
 * every wrong field; keeps left-out secrets, but never carries one to another destination.
 */
class ServiceDocumentTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DestinationPolicy POLICY = new DestinationPolicy(new DestinationProperties(List.of()));
    private static final ServiceTypes TYPES = new ServiceTypes(List.of(new AliyunProviderFactory(POLICY),
            new TencentProviderFactory(POLICY), new WebhookProviderFactory(POLICY)));

    private static ServiceDocument read(String json, List<String> fields) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceJson.read(JSON.readTree(json), TYPES, errors, true);
        document.check(TYPES, errors);
        try {
            errors.throwIfAny("the service");
        } catch (FieldErrors.InvalidDocument e) {
            e.errors().forEach(error -> fields.add(error.field()));
        }
        return document;
    }

    private static ServiceDefinition definition(String json) {
        List<String> fields = new ArrayList<>();
        ServiceDefinition definition = read(json, fields).definition();
        assertThat(fields).isEmpty();
        return definition;
    }

    private static KeptSettings update(String json, ServiceDefinition stored) {
        ServiceDocument document = read(json, new ArrayList<>());
        return KeptSettings.merge(document, stored, TYPES.settings(document.type()));
    }

    @Test
    void whatWorksInYamlWorksHereWithTheDefaultsOfConfiguration() {
        ServiceDefinition service = definition("""
                {"name": "aliyun-2", "type": "ALIYUN", "accessKey": "LTAI5tKey", "accessSecret": "s3cret",
                 "signName": "Acme", "readTimeout": "2s", "connectTimeout": "PT0.5S"}""");

        assertThat(service.type()).isEqualTo(SmsServicesProperties.Type.ALIYUN);
        assertThat(service.enabled()).isTrue();
        assertThat(service.common().priority()).isEqualTo(100);
        assertThat(service.common().maxQps()).isEqualTo(100);
        assertThat(service.common().readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(service.common().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(service.text("accessKey")).isEqualTo("LTAI5tKey");
    }

    @Test
    void everyWrongFieldIsNamed() {
        List<String> fields = new ArrayList<>();
        read("""
                {"name": "-bad", "type": "webhook", "priority": "high", "maxQps": 0, "exclusive": 1,
                 "headers": {"Bad Header": "x"}, "readTimeout": "120s", "signature": "line\\nbreak", "maxQPS": 1,
                 "accessKey": "not a webhook setting", "allowPrivateNetwork": true}""", fields);

        assertThat(fields).containsExactlyInAnyOrder("name", "priority", "maxQps", "exclusive", "headers",
                "readTimeout", "signature", "maxQPS", "accessKey", "allowPrivateNetwork");
        List<String> typeless = new ArrayList<>();
        read("""
                {"name": "x", "type": "carrier-pigeon"}""", typeless);
        assertThat(typeless).containsExactly("type");
    }

    @Test
    void anUpdateThatLeavesASecretOutKeepsItAndOneThatSendsItReplacesIt() {
        ServiceDefinition old = definition("""
                {"type": "tencent", "secretId": "AKIDold", "secretKey": "old-key", "sdkAppId": "1400000001",
                 "signName": "Acme"}""");

        KeptSettings kept = update("""
                {"type": "tencent", "sdkAppId": "1400000002", "signName": "Acme"}""", old);
        KeptSettings replaced = update("""
                {"type": "tencent", "secretKey": "new-key", "sdkAppId": "1400000002", "signName": "Acme"}""", old);

        assertThat(kept.definition().text("secretKey")).isEqualTo("old-key");
        assertThat(kept.definition().text("secretId")).isEqualTo("AKIDold");
        assertThat(kept.definition().text("sdkAppId")).isEqualTo("1400000002");
        assertThat(kept.dropped()).isEmpty();
        assertThat(replaced.definition().text("secretKey")).isEqualTo("new-key");
    }

    @Test
    void aStoredSecretIsNeverCarriedToAnotherDestination() {
        ServiceDefinition hook = definition("""
                {"type": "webhook", "url": "https://gw.example.com/sms", "signature": "hmac-key",
                 "headers": {"Authorization": "Bearer abc"}}""");
        ServiceDefinition ali = definition("""
                {"type": "aliyun", "endpoint": "https://dysmsapi.aliyuncs.com", "accessKey": "LTAI5tKey",
                 "accessSecret": "s3cret", "signName": "Acme"}""");

        KeptSettings movedHook = update("""
                {"type": "webhook", "url": "https://attacker.example.net/collect"}""", hook);
        KeptSettings sameHook = update("""
                {"type": "webhook", "url": "https://gw.example.com/sms"}""", hook);
        KeptSettings movedAli = update("""
                {"type": "aliyun", "endpoint": "https://attacker.example.net", "signName": "Acme"}""", ali);
        KeptSettings regionAli = update("""
                {"type": "aliyun", "region": "cn-shanghai", "signName": "Acme"}""", ali);

        assertThat(movedHook.definition().settings()).doesNotContainKeys("signature", "headers");
        assertThat(movedHook.dropped()).containsExactlyInAnyOrder("signature", "headers");
        assertThat(sameHook.definition().text("signature")).isEqualTo("hmac-key");
        assertThat(movedAli.definition().text("accessSecret")).isNull();
        assertThat(movedAli.definition().text("accessKey")).as("an account id is no secret").isEqualTo("LTAI5tKey");
        assertThat(movedAli.dropped()).containsExactly("accessSecret");
        assertThat(regionAli.dropped()).as("leaving the endpoint out is a move to the default").contains(
                "accessSecret");
    }

    @Test
    void aWebhookUrlIsSealedAndAnUpdateSendingItBackAsShownKeepsIt() {
        ServiceDefinition old = definition("""
                {"type": "webhook", "url": "https://hooks.example.com/sms/0f4e2a9c8b7d?token=t0k3n",
                 "signature": "sig"}""");

        assertThat(ServiceJson.plain(old, TYPES).toString()).doesNotContain("t0k3n", "0f4e2a9c8b7d", "sig");
        KeptSettings resent = update("""
                {"type": "webhook", "url": "https://hooks.example.com/sms/…"}""", old);
        KeptSettings left = update("""
                {"type": "webhook"}""", old);

        assertThat(resent.definition().text("url")).isEqualTo("https://hooks.example.com/sms/0f4e2a9c8b7d?token=t0k3n");
        assertThat(resent.definition().text("signature")).isEqualTo("sig");
        assertThat(left.definition().text("url")).isEqualTo("https://hooks.example.com/sms/0f4e2a9c8b7d?token=t0k3n");
        assertThat(left.dropped()).isEmpty();
    }

    @Test
    void theAuditShowsSecretsOnlyAsSetChangedOrRemoved() {
        ServiceDefinition old = definition("""
                {"type": "webhook", "url": "https://gw.example.com/hook/9a8b7c6d5e4f", "signature": "sig-1"}""");
        ServiceDefinition now = definition("""
                {"type": "webhook", "url": "https://gw.example.com/hook/1a2b3c4d5e6f", "signature": "sig-2",
                 "headers": {"X-Token": "tok"}}""");

        Map<String, Object> diff = AuditDiffs.service(old, now, TYPES.settings(old.type()),
                TYPES.settings(now.type()));

        assertThat(diff).containsEntry("url", "changed").containsEntry("signature", "changed")
                .containsEntry("headers", "set");
        assertThat(diff.toString()).doesNotContain("9a8b7c6d5e4f", "1a2b3c4d5e6f", "sig-", "tok");
    }
}
