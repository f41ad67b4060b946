package io.smsnotifier.worker.intake;

import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The {@code login.code} listener, on its own container and consumer threads so that codes never wait behind
 * approval traffic.
 */
@Component
class LoginCodeListener {

    private final EventDecoder decoder;
    private final DeliveryPipeline pipeline;

    LoginCodeListener(EventDecoder decoder, DeliveryPipeline pipeline) {
        this.decoder = decoder;
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "login-code", groupId = "sms-notifier.login-code",
            topics = "${notifier.topics.login-code:" + Topics.LOGIN_CODE + "}",
            containerFactory = KafkaConfiguration.LOGIN_CODE_LISTENER_FACTORY)
    void onLoginCodeRequested(ConsumerRecord<String, byte[]> record) {
        LoginCodeRequested event = decoder.loginCodeRequested(record.value());
        pipeline.deliver(new DeliveryRequest(event.eventId(), Topics.LOGIN_CODE, event.channel(), event.smsService(),
                event.templateCode(), Map.of("code", event.code()), Recipients.ofPhones(event.phone()),
                event.expiresAt(), true, EventListeners.attemptOf(record)));
    }
}
