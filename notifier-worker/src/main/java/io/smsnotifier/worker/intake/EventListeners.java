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
import io.smsnotifier.worker.delivery.Lane;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Listeners for the approval and notification topics: decode, validate, hand over to delivery. Each topic has two:
 * a batch listener on the topic itself, which delivers a whole poll at once ({@link BatchIntake}), and a record
 * listener whose only job is the retry topics that the retry-topic configuration ({@link RetryConfiguration})
 * derives from it; its container on the topic itself never starts ({@link RetryListenersStarter}).
 */
@Component
class EventListeners {

    static final String RETRIES = "-retries";

    private final EventDecoder decoder;
    private final DeliveryPipeline pipeline;
    private final BatchIntake intake;
    private final ClaimHolders holders;

    EventListeners(EventDecoder decoder, DeliveryPipeline pipeline, BatchIntake intake, ClaimHolders holders) {
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.intake = intake;
        this.holders = holders;
    }

    /** The batch listener on the topic ({@link BatchListenerEndpoints}). */
    void onApprovalsReached(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        String holder = holders.of(consumer);
        intake.deliver("approval-reached" + RETRIES, records, record -> approvalReached(record, holder));
    }

    @KafkaListener(id = "approval-reached" + RETRIES, groupId = "sms-notifier.approval-reached",
            topics = "${notifier.topics.approval-reached:" + Topics.APPROVAL_REACHED + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY, autoStartup = "false")
    void onApprovalReachedRetry(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        pipeline.deliver(approvalReached(record, holders.of(consumer)));
    }

    /** The batch listener on the topic ({@link BatchListenerEndpoints}). */
    void onApprovalsCarbonCopied(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        String holder = holders.of(consumer);
        intake.deliver("approval-cc" + RETRIES, records, record -> approvalCarbonCopied(record, holder));
    }

    @KafkaListener(id = "approval-cc" + RETRIES, groupId = "sms-notifier.approval-cc",
            topics = "${notifier.topics.approval-cc:" + Topics.APPROVAL_CC + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY, autoStartup = "false")
    void onApprovalCarbonCopiedRetry(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        pipeline.deliver(approvalCarbonCopied(record, holders.of(consumer)));
    }

    /** The batch listener on the topic ({@link BatchListenerEndpoints}). */
    void onSmsNotificationsRequested(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        String holder = holders.of(consumer);
        intake.deliver("sms-notify" + RETRIES, records, record -> smsNotificationRequested(record, holder));
    }

    @KafkaListener(id = "sms-notify" + RETRIES, groupId = "sms-notifier.sms-notify",
            topics = "${notifier.topics.sms-notify:" + Topics.SMS_NOTIFY + "}",
            containerFactory = KafkaConfiguration.REQUEST_LISTENER_FACTORY, autoStartup = "false")
    void onSmsNotificationRequestedRetry(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        pipeline.deliver(smsNotificationRequested(record, holders.of(consumer)));
    }

    private DeliveryRequest approvalReached(ConsumerRecord<String, byte[]> record, String holder) {
        ApprovalReached event = decoder.approvalReached(record.value());
        return approvalRequest(event.eventId(), Topics.APPROVAL_REACHED, event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params(),
                ClaimHolders.attemptOf(holder, record));
    }

    private DeliveryRequest approvalCarbonCopied(ConsumerRecord<String, byte[]> record, String holder) {
        ApprovalCarbonCopied event = decoder.approvalCarbonCopied(record.value());
        return approvalRequest(event.eventId(), Topics.APPROVAL_CC, event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params(),
                ClaimHolders.attemptOf(holder, record));
    }

    private DeliveryRequest smsNotificationRequested(ConsumerRecord<String, byte[]> record, String holder) {
        SmsNotificationRequested event = decoder.smsNotificationRequested(record.value());
        return new DeliveryRequest(event.eventId(), Topics.SMS_NOTIFY, Lane.BULK, Channel.SMS, event.smsService(),
                event.templateCode(), event.params(), event.recipients(), null,
                ClaimHolders.attemptOf(holder, record));
    }

    /** {@code processTitle} and {@code userNick} always reach the template; they win over same-named params. */
    private static DeliveryRequest approvalRequest(String eventId, String kind, String processTitle,
                                                   Initiator initiator, Recipients recipients,
                                                   @Nullable String smsService, String templateCode,
                                                   Map<String, String> params, String attemptId) {
        Map<String, String> all = new HashMap<>(params);
        all.put("processTitle", processTitle);
        all.put("userNick", initiator.nick());
        return new DeliveryRequest(eventId, kind, Lane.BULK, Channel.SMS, smsService, templateCode, all, recipients,
                null, attemptId);
    }

}
