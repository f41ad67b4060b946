package io.smsnotifier.worker.providers.aliyun;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes the {@code aliyun} services; access key, secret and sign name are required.
 * {@link DestinationPolicy} passes the endpoint.
 */
@Component
class AliyunProviderFactory implements SmsProviderFactory {

    private final DestinationPolicy policy;

    AliyunProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.ALIYUN;
    }

    @Override
    public List<String> requiredSettings() {
        return List.of("accessKey", "accessSecret", "signName");
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        SmsServicesProperties.Service settings = service.settings();
        VendorEndpoint endpoint = policy.vendorEndpoint(
                ServiceSettings.orDefault(settings.endpoint(), "https://dysmsapi.aliyuncs.com"),
                service.property("endpoint"));
        return new AliyunSmsProvider(service.name(), ServiceSettings.orDefault(settings.region(), "cn-hangzhou"),
                endpoint,
                service.required(settings.accessKey(), "access-key"),
                service.required(settings.accessSecret(), "access-secret"),
                service.required(settings.signName(), "sign-name"),
                settings.maxParamLength() != null ? settings.maxParamLength()
                        : AliyunSmsProvider.DEFAULT_MAX_PARAM_LENGTH,
                // The SDK's connection pool: at least what max-qps keeps in flight.
                Math.max(64, settings.maxQps()), settings.connectTimeout(), settings.readTimeout());
    }
}
