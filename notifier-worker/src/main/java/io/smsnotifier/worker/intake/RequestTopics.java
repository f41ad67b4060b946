package io.smsnotifier.worker.intake;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import io.smsnotifier.worker.delivery.Lane;
import io.smsnotifier.worker.delivery.LedgerDays;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request topics the worker consumes, one row each: what {@link RequestListeners} registers and starts, and
 * how each topic's records become delivery requests. An event whose day the ledger does not keep is refused as it
 * is decoded ({@link LedgerDays#requireKept}).
 */
@Component
class RequestTopics {

    private final List<RequestTopic> all;

    RequestTopics(NotifierTopics topics, EventDecoder decoder, LedgerDays ledgerDays) {
        this.all = List.of(
                new RequestTopic("approval-reached", topics.approvalReached(), Lane.BULK, (value, attemptId) -> {
                    ApprovalReached event = decoder.approvalReached(value);
                    ledgerDays.requireKept(event.occurredAt());
                    return approval(event.eventId(), event.occurredAt(), Topics.APPROVAL_REACHED, event.processTitle(),
                            event.initiator(), event.recipients(), event.smsService(), event.templateCode(),
                            event.params(), attemptId);
                }),
                new RequestTopic("approval-cc", topics.approvalCc(), Lane.BULK, (value, attemptId) -> {
                    ApprovalCarbonCopied event = decoder.approvalCarbonCopied(value);
                    ledgerDays.requireKept(event.occurredAt());
                    return approval(event.eventId(), event.occurredAt(), Topics.APPROVAL_CC, event.processTitle(),
                            event.initiator(), event.recipients(), event.smsService(), event.templateCode(),
                            event.params(), attemptId);
                }),
                new RequestTopic("sms-notify", topics.smsNotify(), Lane.BULK, (value, attemptId) -> {
                    SmsNotificationRequested event = decoder.smsNotificationRequested(value);
                    ledgerDays.requireKept(event.occurredAt());
                    return new DeliveryRequest(event.eventId(), event.occurredAt(), Topics.SMS_NOTIFY, Lane.BULK,
                            Channel.SMS, event.smsService(), event.templateCode(), event.params(),
                            event.recipients(), null, attemptId);
                }),
                new RequestTopic("login-code", topics.loginCode(), Lane.LOGIN_CODE, (value, attemptId) -> {
                    LoginCodeRequested event = decoder.loginCodeRequested(value);
                    ledgerDays.requireKept(event.occurredAt());
                    return new DeliveryRequest(event.eventId(), event.occurredAt(), Topics.LOGIN_CODE, Lane.LOGIN_CODE,
                            event.channel(), event.smsService(), event.templateCode(), Map.of("code", event.code()),
                            Recipients.ofPhones(event.phone()), event.expiresAt(), attemptId);
                }));
    }

    List<RequestTopic> all() {
        return all;
    }

    /** {@code processTitle} and {@code userNick} always reach the template; they win over same-named params. */
    private static DeliveryRequest approval(String eventId, Instant occurredAt, String kind, String processTitle, Initiator initiator,
                                            Recipients recipients, @Nullable String smsService, String templateCode,
                                            Map<String, String> params, String attemptId) {
        Map<String, String> all = new HashMap<>(params);
        all.put("processTitle", processTitle);
        all.put("userNick", initiator.nick());
        return new DeliveryRequest(eventId, occurredAt, kind, Lane.BULK, Channel.SMS, smsService, templateCode, all,
                recipients, null, attemptId);
    }
}
