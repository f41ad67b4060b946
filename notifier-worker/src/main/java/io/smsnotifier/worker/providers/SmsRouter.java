package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.ErrorCode;
import io.smsnotifier.worker.PermanentDeliveryFailure;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import io.smsnotifier.worker.providers.sandbox.SandboxSmsProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Chooses the SMS service for a message: the one the event names, else the enabled service with the best
 * (lowest) priority. Thread-safe.
 */
@Service
public class SmsRouter {

    private final List<SmsProvider> byPriority;
    private final Map<String, SmsProvider> byName;

    SmsRouter(SmsServicesProperties properties, SandboxOutbox sandboxOutbox) {
        List<Map.Entry<String, SmsServicesProperties.Service>> enabled = properties.services().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .sorted(Comparator.comparingInt((Map.Entry<String, SmsServicesProperties.Service> e) ->
                        e.getValue().priority()).thenComparing(Map.Entry::getKey))
                .toList();
        if (enabled.isEmpty()) {
            throw new IllegalStateException(
                    "notifier.sms.services: no enabled SMS service is configured; configure at least one");
        }
        this.byPriority = enabled.stream().map(entry -> create(entry.getKey(), entry.getValue(), sandboxOutbox))
                .toList();
        this.byName = byPriority.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                SmsProvider::serviceName, provider -> provider));
    }

    private static SmsProvider create(String name, SmsServicesProperties.Service service, SandboxOutbox outbox) {
        return switch (service.type()) {
            case SANDBOX -> new SandboxSmsProvider(name, outbox);
            case ALIYUN, TENCENT, WEBHOOK -> throw new IllegalStateException("notifier.sms.services." + name
                    + ".type=" + service.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " is not available in this build yet; use type sandbox");
        };
    }

    /**
     * @param requested the service an event names, or null for default routing
     * @throws PermanentDeliveryFailure {@code 46001} when the named service is unknown or disabled
     */
    public SmsProvider select(@Nullable String requested) {
        if (requested == null || requested.isBlank()) {
            return byPriority.getFirst();
        }
        SmsProvider provider = byName.get(requested);
        if (provider == null) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "smsService '" + requested + "' is not an enabled service under notifier.sms.services");
        }
        return provider;
    }

    public List<String> serviceNames() {
        return byPriority.stream().map(SmsProvider::serviceName).toList();
    }
}
