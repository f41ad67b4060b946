package io.smsnotifier.events;

import java.time.Instant;

/**
 * A request for SMS published by a producer. The {@link #eventId()} is the Kafka key and the idempotency key:
 * publishing the same event twice sends each SMS once.
 */
public sealed interface NotifierEvent
        permits ApprovalReached, ApprovalCarbonCopied, LoginCodeRequested, SmsNotificationRequested {

    String eventId();

    Instant occurredAt();

    /** The default topic this kind of event is published to. */
    String defaultTopic();
}
