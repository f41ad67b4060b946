package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import okhttp3.Dns;
import org.springframework.stereotype.Component;

import java.net.UnknownHostException;
import java.util.List;

/**
 * Makes the {@code webhook} services; the URL is required, and one that resolves to an address the service may
 * not reach fails the start.
 */
@Component
class WebhookProviderFactory implements SmsProviderFactory {

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
        WebhookTarget target = new WebhookTarget(service.required(settings.url(), "url"),
                settings.allowPrivateNetwork(), settings.allowedAddresses(), service.property("url"));
        try {
            target.checkReachable();
        } catch (WebhookTarget.BlockedAddressException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UnknownHostException e) {
            // Not resolvable yet is not fatal: DNS may come later; every request checks again.
        }
        return new WebhookSmsProvider(service.name(), target, settings.headers(), settings.signature(),
                settings.connectTimeout(), settings.readTimeout(), Dns.SYSTEM);
    }
}
