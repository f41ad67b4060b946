package io.smsnotifier.worker.intake;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Listeners for the approval and notification topics: decode, validate, hand over to delivery. Failures go to
 * the error handler ({@link KafkaConfiguration}), which retries or dead-letters.
 */
@Component
class EventListeners {

    private final EventDecoder decoder;
    private final DeliveryPipeline pipeline;

    EventListeners(EventDecoder decoder, DeliveryPipeline pipeline) {
        this.decoder = decoder;
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "approval-reached", groupId = "sms-notifier.approval-reached",
            topics = "${notifier.topics.approval-reached:" + Topics.APPROVAL_REACHED + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY)
    void onApprovalReached(ConsumerRecord<String, byte[]> record) {
        ApprovalReached event = decoder.approvalReached(record.value());
        pipeline.deliver(approvalRequest(event.eventId(), Topics.APPROVAL_REACHED, event.processTitle(),
                event.initiator(), event.recipients(), event.smsService(), event.templateCode(), event.params(),
                attemptOf(record)));
    }

    @KafkaListener(id = "approval-cc", groupId = "sms-notifier.approval-cc",
            topics = "${notifier.topics.approval-cc:" + Topics.APPROVAL_CC + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY)
    void onApprovalCarbonCopied(ConsumerRecord<String, byte[]> record) {
        ApprovalCarbonCopied event = decoder.approvalCarbonCopied(record.value());
        pipeline.deliver(approvalRequest(event.eventId(), Topics.APPROVAL_CC, event.processTitle(),
                event.initiator(), event.recipients(), event.smsService(), event.templateCode(), event.params(),
                attemptOf(record)));
    }

    @KafkaListener(id = "sms-notify", groupId = "sms-notifier.sms-notify",
            topics = "${notifier.topics.sms-notify:" + Topics.SMS_NOTIFY + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY)
    void onSmsNotificationRequested(ConsumerRecord<String, byte[]> record) {
        SmsNotificationRequested event = decoder.smsNotificationRequested(record.value());
        pipeline.deliver(new DeliveryRequest(event.eventId(), Topics.SMS_NOTIFY, Channel.SMS, event.smsService(),
                event.templateCode(), event.params(), event.recipients(), null, false, attemptOf(record)));
    }

    /** {@code processTitle} and {@code userNick} always reach the template; they win over same-named params. */
    private static DeliveryRequest approvalRequest(String eventId, String kind, String processTitle,
                                                   Initiator initiator, Recipients recipients,
                                                   @Nullable String smsService, String templateCode,
                                                   Map<String, String> params, String attemptId) {
        Map<String, String> all = new HashMap<>(params);
        all.put("processTitle", processTitle);
        all.put("userNick", initiator.nick());
        return new DeliveryRequest(eventId, kind, Channel.SMS, smsService, templateCode, all, recipients, null,
                false, attemptId);
    }

    /** A record's identity: a copy of the same event on another partition or topic is another attempt. */
    static String attemptOf(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }
}
