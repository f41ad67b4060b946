package io.smsnotifier.worker.intake;

import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import io.smsnotifier.worker.delivery.Lane;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The {@code login.code} listeners, on their own containers and consumer threads so that codes never wait behind
 * approval traffic: a batch listener on the topic, a record listener for its retry topics (as in
 * {@link EventListeners}).
 */
@Component
class LoginCodeListener {

    private final EventDecoder decoder;
    private final DeliveryPipeline pipeline;
    private final BatchIntake intake;

    private final ClaimHolders holders;

    LoginCodeListener(EventDecoder decoder, DeliveryPipeline pipeline, BatchIntake intake, ClaimHolders holders) {
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.intake = intake;
        this.holders = holders;
    }

    /** The batch listener on the topic ({@link BatchListenerEndpoints}). */
    void onLoginCodesRequested(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        String holder = holders.of(consumer);
        intake.deliver("login-code" + EventListeners.RETRIES, records, record -> loginCode(record, holder));
    }

    @KafkaListener(id = "login-code" + EventListeners.RETRIES, groupId = "sms-notifier.login-code",
            topics = "${notifier.topics.login-code:" + Topics.LOGIN_CODE + "}",
            containerFactory = KafkaConfiguration.LOGIN_CODE_LISTENER_FACTORY, autoStartup = "false")
    void onLoginCodeRequestedRetry(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        pipeline.deliver(loginCode(record, holders.of(consumer)));
    }

    private DeliveryRequest loginCode(ConsumerRecord<String, byte[]> record, String holder) {
        LoginCodeRequested event = decoder.loginCodeRequested(record.value());
        return new DeliveryRequest(event.eventId(), Topics.LOGIN_CODE, Lane.LOGIN_CODE, event.channel(), event.smsService(),
                event.templateCode(), Map.of("code", event.code()), Recipients.ofPhones(event.phone()),
                event.expiresAt(), ClaimHolders.attemptOf(holder, record));
    }
}
