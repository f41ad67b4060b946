package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.providers.aliyun.AliyunSmsProvider;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import io.smsnotifier.worker.providers.sandbox.SandboxSmsProvider;
import io.smsnotifier.worker.providers.tencent.TencentSmsProvider;
import io.smsnotifier.worker.providers.webhook.WebhookSmsProvider;
import io.smsnotifier.worker.providers.webhook.WebhookTarget;
import org.jspecify.annotations.Nullable;

import java.net.UnknownHostException;

/**
 * Builds a provider from its configuration, checking that every setting its type needs is there. Start-up fails
 * with a message naming the property otherwise.
 */
final class SmsProviderFactory {

    private SmsProviderFactory() {
    }

    static SmsProvider create(String name, SmsServicesProperties.Service service, SandboxOutbox outbox) {
        String prefix = "notifier.sms.services." + name + ".";
        return switch (service.type()) {
            case SANDBOX -> new SandboxSmsProvider(name, outbox);
            case ALIYUN -> new AliyunSmsProvider(name, orDefault(service.region(), "cn-hangzhou"),
                    VendorEndpoint.parse(orDefault(service.endpoint(), "https://dysmsapi.aliyuncs.com"), prefix + "endpoint"),
                    required(service.accessKey(), prefix + "access-key"),
                    required(service.accessSecret(), prefix + "access-secret"),
                    required(service.signName(), prefix + "sign-name"),
                    service.maxParamLength() != null ? service.maxParamLength() : AliyunSmsProvider.DEFAULT_MAX_PARAM_LENGTH,
                    Math.max(64, service.maxQps()), service.connectTimeout(), service.readTimeout());
            case TENCENT -> new TencentSmsProvider(name, orDefault(service.region(), "ap-guangzhou"),
                    VendorEndpoint.parse(orDefault(service.endpoint(), "https://sms.tencentcloudapi.com"), prefix + "endpoint"),
                    required(service.secretId(), prefix + "secret-id"),
                    required(service.secretKey(), prefix + "secret-key"),
                    required(service.sdkAppId(), prefix + "sdk-app-id"),
                    required(service.signName(), prefix + "sign-name"),
                    service.maxParamLength() != null ? service.maxParamLength() : 0,
                    service.connectTimeout(), service.readTimeout());
            case WEBHOOK -> {
                WebhookTarget target = new WebhookTarget(required(service.url(), prefix + "url"),
                        service.allowPrivateNetwork(), service.allowedAddresses(), prefix + "url");
                try {
                    target.checkReachable();
                } catch (WebhookTarget.BlockedAddressException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                } catch (UnknownHostException e) {
                    // Not resolvable yet is not fatal: DNS may come later; every request checks again.
                }
                yield new WebhookSmsProvider(name, target, service.headers(), service.signature(),
                        service.connectTimeout(), service.readTimeout());
            }
        };
    }

    private static String required(@Nullable String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required for this service type");
        }
        return value;
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
