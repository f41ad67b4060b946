package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The worker's {@code notifier.sms.services.<name>.*} settings for a vendor simulator, with a read timeout of
 * {@value #READ_TIMEOUT}: short, so that the tests of slow answers finish quickly.
 */
final class VendorServiceProperties {

    static final String READ_TIMEOUT = "2s";

    private VendorServiceProperties() {
    }

    static void aliyun(DynamicPropertyRegistry registry, String name, int priority, AliyunSmsSimulator simulator,
                       String accessKey, String accessSecret, String signName, Object maxQps) {
        aliyun(registry, name, priority, simulator, accessKey, accessSecret, signName, maxQps, READ_TIMEOUT);
    }

    static void aliyun(DynamicPropertyRegistry registry, String name, int priority, AliyunSmsSimulator simulator,
                       String accessKey, String accessSecret, String signName, Object maxQps, String readTimeout) {
        String service = "notifier.sms.services." + name + ".";
        registry.add(service + "type", () -> "aliyun");
        registry.add(service + "priority", () -> String.valueOf(priority));
        registry.add(service + "endpoint", () -> "http://" + simulator.endpoint());
        registry.add(service + "access-key", () -> accessKey);
        registry.add(service + "access-secret", () -> accessSecret);
        registry.add(service + "sign-name", () -> signName);
        registry.add(service + "max-qps", () -> String.valueOf(maxQps));
        registry.add(service + "read-timeout", () -> readTimeout);
    }

    static void tencent(DynamicPropertyRegistry registry, String name, int priority, TencentSmsSimulator simulator,
                        String secretId, String secretKey, String sdkAppId, String signName, Object maxQps) {
        tencent(registry, name, priority, simulator, secretId, secretKey, sdkAppId, signName, maxQps, READ_TIMEOUT);
    }

    static void tencent(DynamicPropertyRegistry registry, String name, int priority, TencentSmsSimulator simulator,
                        String secretId, String secretKey, String sdkAppId, String signName, Object maxQps,
                        String readTimeout) {
        String service = "notifier.sms.services." + name + ".";
        registry.add(service + "type", () -> "tencent");
        registry.add(service + "priority", () -> String.valueOf(priority));
        registry.add(service + "endpoint", () -> "http://" + simulator.endpoint());
        registry.add(service + "secret-id", () -> secretId);
        registry.add(service + "secret-key", () -> secretKey);
        registry.add(service + "sdk-app-id", () -> sdkAppId);
        registry.add(service + "sign-name", () -> signName);
        registry.add(service + "max-qps", () -> String.valueOf(maxQps));
        registry.add(service + "read-timeout", () -> readTimeout);
    }
}
