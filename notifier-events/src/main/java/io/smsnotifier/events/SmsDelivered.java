package io.smsnotifier.events;

import java.time.Instant;

/**
 * One recipient's outcome for one event, published by the worker on {@code sms.delivery} keyed by
 * {@code eventId}. {@code phone} is always masked ({@code +86139****9000}); {@code memberId} is null for raw
 * phone numbers. {@code errorCode} is {@code 46001}, {@code 46002} or {@code 46003} when the status is not
 * {@code SENT} or {@code DELIVERED}; {@code providerErrorCode} is the vendor's own code. A recipient that was
 * {@code SENT} may get a second record later, {@code DELIVERED} or {@code UNDELIVERED}, from the vendor's handset
 * report (same {@code eventId}, {@code service} and {@code providerMessageId}; the carrier's code in
 * {@code providerErrorCode}).
 */
public record SmsDelivered(String eventId, String kind, String memberId, String phone, DeliveryStatus status,
                           String service, String providerMessageId, String errorCode, String providerErrorCode,
                           int attempt, Instant at) {
}
