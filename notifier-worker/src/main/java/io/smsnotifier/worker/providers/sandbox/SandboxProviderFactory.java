package io.smsnotifier.worker.providers.sandbox;

import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.springframework.stereotype.Component;

import java.util.List;

/** Makes the {@code sandbox} services, all keeping what they are given in the one {@link SandboxOutbox}. */
@Component
class SandboxProviderFactory implements SmsProviderFactory {

    private final SandboxOutbox outbox;

    SandboxProviderFactory(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.SANDBOX;
    }

    @Override
    public List<ServiceSetting> settings() {
        return List.of();
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        return new SandboxSmsProvider(service.name(), outbox);
    }
}
