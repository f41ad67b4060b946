package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import okhttp3.Dns;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes the {@code webhook} services; the URL is required, and one that resolves to an address
 * {@link DestinationPolicy} refuses is refused (one that does not resolve yet is checked at each request).
 */
@Component
public class WebhookProviderFactory implements SmsProviderFactory {

    static final ServiceSetting URL = ServiceSetting.url("url").asRequired();
    static final ServiceSetting HEADERS = ServiceSetting.headers("headers");
    static final ServiceSetting SIGNATURE = ServiceSetting.text("signature").asSecret();
    static final ServiceSetting EXCLUSIVE = ServiceSetting.flag("exclusive");

    private final DestinationPolicy policy;

    public WebhookProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.WEBHOOK;
    }

    @Override
    public List<ServiceSetting> settings() {
        return List.of(URL, HEADERS, SIGNATURE, EXCLUSIVE);
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        WebhookTarget target = WebhookTarget.of(policy, service.required(URL), service.property("url"));
        return new WebhookSmsProvider(service.name(), target, service.headers(HEADERS.name()),
                service.text(SIGNATURE.name()), service.connectTimeout(), service.readTimeout(), Dns.SYSTEM);
    }
}
