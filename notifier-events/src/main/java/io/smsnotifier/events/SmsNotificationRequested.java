package io.smsnotifier.events;

import java.time.Instant;
import java.util.Map;

/** Any service's "SMS notification function": members, departments, roles and phones get a templated SMS. */
public record SmsNotificationRequested(String eventId, Instant occurredAt, Recipients recipients, String smsService,
                                       String templateCode, Map<String, String> params) implements NotifierEvent {

    public SmsNotificationRequested {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    @Override
    public String defaultTopic() {
        return Topics.SMS_NOTIFY;
    }
}
