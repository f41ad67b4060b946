package io.smsnotifier.worker.providers.tencent;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Makes the {@code tencent} services; secret id and key, SDK app id and sign name are required.
 * {@link DestinationPolicy} passes the endpoint.
 */
@Component
class TencentProviderFactory implements SmsProviderFactory {

    private final DestinationPolicy policy;

    TencentProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.TENCENT;
    }

    @Override
    public List<String> requiredSettings() {
        return List.of("secretId", "secretKey", "sdkAppId", "signName");
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        SmsServicesProperties.Service settings = service.settings();
        VendorEndpoint endpoint = policy.vendorEndpoint(
                ServiceSettings.orDefault(settings.endpoint(), "https://sms.tencentcloudapi.com"),
                service.property("endpoint"));
        return new TencentSmsProvider(service.name(), ServiceSettings.orDefault(settings.region(), "ap-guangzhou"),
                endpoint,
                service.required(settings.secretId(), "secret-id"),
                service.required(settings.secretKey(), "secret-key"),
                service.required(settings.sdkAppId(), "sdk-app-id"),
                service.required(settings.signName(), "sign-name"),
                settings.maxParamLength() != null ? settings.maxParamLength() : 0,
                settings.connectTimeout(), settings.readTimeout());
    }
}
