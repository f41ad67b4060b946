package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.DestinationProperties;
import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTargetTests {

    private static final String URL = "notifier.sms.services.gw.url";

    @Test
    void refusesAPrivateTargetUnlessItsRangeIsConfigured() {
        assertThatThrownBy(() -> WebhookTarget.of(policy(), "http://127.0.0.1:8099/sms", URL))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(URL)
                .hasMessageContaining("notifier.sms.allowed-private-networks");

        assertThatCode(() -> WebhookTarget.of(policy("127.0.0.0/8"), "http://127.0.0.1:8099/sms", URL))
                .doesNotThrowAnyException();
    }

    @Test
    void aServiceCannotOpenWhatThePolicyKeepsClosed() {
        WebhookProviderFactory factory = new WebhookProviderFactory(policy("127.0.0.0/8"));
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1:8080/sms")) {
            ServiceDefinition service = new ServiceDefinition(service(Map.of("type", "webhook")),
                    Map.of("url", url));
            assertThatThrownBy(() -> factory.create(new ServiceSettings("gw", service))).as(url)
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(URL);
        }
    }

    @Test
    void acceptsOnlyHttpAndHttpsUrlsWithAHost() {
        for (String url : List.of("ftp://sms.example.com/hook", "file:///etc/passwd", "not a url", "http:///path")) {
            assertThatThrownBy(() -> WebhookTarget.of(policy(), url, URL)).as(url)
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(URL);
        }
    }

    private static DestinationPolicy policy(String... ranges) {
        return new DestinationPolicy(new DestinationProperties(List.of(ranges)));
    }

    /** Bound as configuration binds it, so that the test does not follow the record's shape. */
    private static SmsServicesProperties.Service service(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put("notifier.sms.services.gw." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("notifier.sms", SmsServicesProperties.class).get().services().get("gw");
    }
}
