package io.smsnotifier.worker.providers.tencent;

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

/** Makes the {@code tencent} services; secret id and key, SDK app id and sign name are required. */
@Component
public class TencentProviderFactory implements SmsProviderFactory {

    static final ServiceSetting ENDPOINT = ServiceSetting.endpoint("endpoint");
    static final ServiceSetting REGION = ServiceSetting.text("region").asDestination()
            .matching("[a-z0-9-]{1,32}", "a region id such as ap-guangzhou");
    static final ServiceSetting SIGN_NAME = ServiceSetting.text("signName").asRequired().atMost(64);
    static final ServiceSetting SECRET_ID = ServiceSetting.text("secretId").asRequired().asAccountId().atMost(128);
    static final ServiceSetting SECRET_KEY = ServiceSetting.text("secretKey").asRequired().asSecret();
    static final ServiceSetting SDK_APP_ID = ServiceSetting.text("sdkAppId").asRequired()
            .matching("[0-9]{1,20}", "the SmsSdkAppId, digits only");
    /** International and Hong Kong, Macao, Taiwan SMS: the sender id Tencent Cloud approved (blank in China). */
    static final ServiceSetting SENDER_ID = ServiceSetting.text("senderId")
            .matching("[A-Za-z0-9]{1,11}", "a sender id Tencent Cloud approved: 1 to 11 letters or digits");

    private final DestinationPolicy policy;

    public TencentProviderFactory(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SmsServicesProperties.Type type() {
        return SmsServicesProperties.Type.TENCENT;
    }

    @Override
    public List<ServiceSetting> settings() {
        return List.of(ENDPOINT, REGION, SIGN_NAME, SECRET_ID, SECRET_KEY, SDK_APP_ID, SENDER_ID, ReceiptMode.SETTING);
    }

    @Override
    public SmsProvider create(ServiceSettings service) {
        VendorEndpoint endpoint = policy.vendorEndpoint(
                service.text(ENDPOINT.name(), "https://sms.tencentcloudapi.com"), service.property("endpoint"));
        return new TencentSmsProvider(service.name(), service.text(REGION.name(), "ap-guangzhou"), endpoint,
                service.required(SECRET_ID), service.required(SECRET_KEY), service.required(SDK_APP_ID),
                service.required(SIGN_NAME), service.text(SENDER_ID.name()), service.maxParamLength(0),
                service.connectTimeout(),
                service.readTimeout());
    }
}
