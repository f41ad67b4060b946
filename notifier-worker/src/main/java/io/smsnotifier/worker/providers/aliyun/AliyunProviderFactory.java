package io.smsnotifier.worker.providers.aliyun;

import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.ReceiptMode;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceSettings;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsProviderFactory;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.springframework.stereotype.Component;

import java.util.List;

/** Makes the {@code aliyun} services; access key, secret and sign name are required. */
@Component
public class AliyunProviderFactory implements SmsProviderFactory {

    static final ServiceSetting ENDPOINT = ServiceSetting.endpoint("endpoint");
    static final ServiceSetting REGION = ServiceSetting.text("region").asDestination()
            .matching("[a-z0-9-]{1,32}", "a region id such as cn-hangzhou");
    static final ServiceSetting SIGN_NAME = ServiceSetting.text("signName").asRequired().atMost(64);
    static final ServiceSetting ACCESS_KEY = ServiceSetting.text("accessKey").asRequired().asAccountId().atMost(128);
    static final ServiceSetting ACCESS_SECRET = ServiceSetting.text("accessSecret").asRequired().asSecret();

    private final DestinationPolicy policy;

    public AliyunProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.ALIYUN;
    }

    @Override
    public List<ServiceSetting> settings() {
        return List.of(ENDPOINT, REGION, SIGN_NAME, ACCESS_KEY, ACCESS_SECRET, ReceiptMode.SETTING);
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        VendorEndpoint endpoint = policy.vendorEndpoint(
                service.text(ENDPOINT.name(), "https://dysmsapi.aliyuncs.com"), service.property("endpoint"));
        return new AliyunSmsProvider(service.name(), service.text(REGION.name(), "cn-hangzhou"), endpoint,
                service.required(ACCESS_KEY), service.required(ACCESS_SECRET), service.required(SIGN_NAME),
                service.maxParamLength(AliyunSmsProvider.DEFAULT_MAX_PARAM_LENGTH),
                // The SDK's connection pool: at least what max-qps keeps in flight.
                Math.max(64, service.maxQps()), service.connectTimeout(), service.readTimeout());
    }
}
