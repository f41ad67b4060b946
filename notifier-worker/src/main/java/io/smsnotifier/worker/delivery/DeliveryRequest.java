package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Recipients;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * What intake hands to delivery for one event, whatever its kind.
 *
 * @param eventId      the idempotency key
 * @param occurredAt   when the event happened, as its producer says: its UTC day is the ledger's partition for it
 *                     ({@link LedgerDays}), the same for every copy of the event
 * @param kind         the event kind ({@code approval.reached}, {@code approval.cc}, {@code login.code},
 *                     {@code sms.notify}, {@code api.send}), independent of renamed topics
 * @param lane         login codes or bulk traffic
 * @param channel      SMS or voice
 * @param smsService   the service the event names, or null for default routing
 * @param templateCode the template, or null for a voice code
 * @param params       the template's parameters (for login codes, the code: never log them)
 * @param recipients   who to send to
 * @param expiresAt    when the message stops being worth sending (login codes), or null
 * @param attemptId    who delivers which record: the holder (this instance, its consumer's member id and
 *                     generation) and the record's topic/partition/offset. Two copies of one event, or one record
 *                     handed to another consumer by a rebalance, have different ones and never work on the same
 *                     recipient at once; a retry within one consumer generation picks up where it left, and
 *                     after a crash the rows are taken over once the holder's heartbeat or lease has gone
 */
public record DeliveryRequest(String eventId, Instant occurredAt, String kind, Lane lane, Channel channel,
                              @Nullable String smsService, @Nullable String templateCode, Map<String, String> params,
                              Recipients recipients, @Nullable Instant expiresAt, String attemptId) {

    public DeliveryRequest {
        params = Map.copyOf(params);
    }

    @Override
    public String toString() {
        return "DeliveryRequest[eventId=" + eventId + ", kind=" + kind + ", lane=" + lane + ", channel=" + channel + ", smsService="
                + smsService + ", templateCode=" + templateCode + ", params=" + params.keySet() + "]";
    }
}
