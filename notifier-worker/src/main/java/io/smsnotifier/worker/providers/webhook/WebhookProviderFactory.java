package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import okhttp3.Dns;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes the {@code webhook} services; the URL is required, and one that resolves to an address
 * {@link DestinationPolicy} refuses fails the start (one that does not resolve yet is checked at each request).
 */
@Component
class WebhookProviderFactory implements SmsProviderFactory {

    private final DestinationPolicy policy;

    WebhookProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.WEBHOOK;
    }

    @Override
    public List<String> requiredSettings() {
        return List.of("url");
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        SmsServicesProperties.Service settings = service.settings();
        WebhookTarget target = WebhookTarget.of(policy, service.required(settings.url(), "url"),
                service.property("url"));
        return new WebhookSmsProvider(service.name(), target, settings.headers(), settings.signature(),
                settings.connectTimeout(), settings.readTimeout(), Dns.SYSTEM);
    }
}
