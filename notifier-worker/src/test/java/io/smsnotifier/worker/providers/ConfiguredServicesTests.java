package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.providers.aliyun.AliyunProviderFactory;
import io.smsnotifier.worker.providers.webhook.WebhookProviderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configured services are read with the settings their type declares, as relaxed binding reads properties. */
class ConfiguredServicesTests {

    private static final DestinationPolicy POLICY = new DestinationPolicy(new DestinationProperties(List.of()));
    private static final ServiceTypes TYPES = new ServiceTypes(List.of(new AliyunProviderFactory(POLICY),
            new WebhookProviderFactory(POLICY)));

    private static ConfiguredServices read(Map<String, Object> properties, Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("test", properties));
        spring.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        SmsServicesProperties bound = Binder.get(spring).bind("notifier.sms", Bindable.of(SmsServicesProperties.class))
                .get();
        return new ConfiguredServices(bound, TYPES, spring);
    }

    @Test
    void eachTypeReadsItsOwnSettingsFromYamlStyleKeysAndTheEnvironment() {
        ConfiguredServices services = read(Map.of(
                "notifier.sms.services.aliyun-main.type", "aliyun",
                "notifier.sms.services.aliyun-main.access-key", "LTAI5tKey",
                "notifier.sms.services.aliyun-main.signName", "Acme",
                "notifier.sms.services.own-gateway.type", "webhook",
                "notifier.sms.services.own-gateway.url", "https://gw.example.com/sms",
                "notifier.sms.services.own-gateway.headers.Authorization", "Bearer t",
                "notifier.sms.services.own-gateway.exclusive", "true"),
                Map.of("NOTIFIER_SMS_SERVICES_ALIYUNMAIN_ACCESSSECRET", "from-env"));

        ServiceDefinition aliyun = services.definitions().get("aliyun-main");
        assertThat(aliyun.text("accessKey")).isEqualTo("LTAI5tKey");
        assertThat(aliyun.text("signName")).as("camelCase in YAML binds too").isEqualTo("Acme");
        ServiceDefinition hook = services.definitions().get("own-gateway");
        assertThat(hook.headers("headers")).containsEntry("Authorization", "Bearer t");
        assertThat(hook.flag("exclusive")).isTrue();
        assertThat(hook.settings()).doesNotContainKey("accessKey");
    }

    @Test
    void theEnvironmentCarriesASecretForAKebabName() {
        ConfiguredServices services = read(Map.of("notifier.sms.services.aliyun-main.type", "aliyun"),
                Map.of("NOTIFIER_SMS_SERVICES_ALIYUNMAIN_ACCESSSECRET", "from-env",
                        "NOTIFIER_SMS_SERVICES_ALIYUN-MAIN_ACCESS-KEY", "ignored-form"));

        assertThat(services.definitions().get("aliyun-main").text("accessSecret")).isEqualTo("from-env");
    }

    @Test
    void thePerServicePrivateNetworkSwitchIsRefusedWithWhereItWent() {
        assertThatThrownBy(() -> read(Map.of("notifier.sms.services.gw.type", "webhook",
                "notifier.sms.services.gw.allow-private-network", "true"), Map.of()))
                .hasMessageContaining("notifier.sms.services.gw.allow-private-network")
                .hasMessageContaining("notifier.sms.allowed-private-networks");
    }
}
