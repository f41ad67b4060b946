package io.smsnotifier.worker.providers.sandbox;

import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes the {@code sandbox} services, all keeping what they are given in the one {@link SandboxOutbox} and reporting
 * it delivered through the one {@link SandboxReporter}.
 */
@Component
class SandboxProviderFactory implements SmsProviderFactory {

    private final SandboxOutbox outbox;
    private final SandboxReporter reporter;

    SandboxProviderFactory(SandboxOutbox outbox, SandboxReporter reporter) {
        this.outbox = outbox;
        this.reporter = reporter;
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
        return new SandboxSmsProvider(service.name(), outbox, reporter);
    }
}
