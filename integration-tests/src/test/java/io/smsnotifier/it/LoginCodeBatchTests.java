package io.smsnotifier.it;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.SentMessage;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Login codes that arrive together go to Alibaba Cloud in one {@code SendBatchSms}, each number with its own code,
 * and a batch the vendor refuses is sent again number by number, so one bad number costs no other its code.
 */
class LoginCodeBatchTests extends VendorIntegrationTest {

    private static final int CODES = 6;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final List<String> eventIds = new ArrayList<>();

    @Test
    void codesArrivingTogetherGoInOneSendBatchSmsEachNumberWithItsOwnCode() {
        Map<String, String> codeByPhone = publishTogether("lc-batch", newPhones(CODES));

        List<SmsDelivered> outcomes = awaitAll(codeByPhone);

        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        assertThat(aliyun.accepted()).as("one batched request carried several codes")
                .anySatisfy(call -> {
                    assertThat(call.action()).isEqualTo("SendBatchSms");
                    assertThat(call.phoneNumbers()).hasSizeGreaterThan(1);
                });
        assertThat(aliyun.accepted()).extracting(AliyunCall::action).isSubsetOf("SendBatchSms", "SendSms");
        assertThat(receivedCodes()).isEqualTo(codeByPhone);
    }

    @Test
    void batchRefusedForOneIllegalNumberIsSentNumberByNumberAndOnlyThatNumberFails() {
        List<String> phones = newPhones(CODES);
        String illegal = phones.get(2);
        aliyun.behaviour(call -> Behaviour.perNumber(Map.of(illegal, "isv.MOBILE_NUMBER_ILLEGAL")));

        Map<String, String> codeByPhone = publishTogether("lc-batch-illegal", phones);
        List<SmsDelivered> outcomes = awaitAll(codeByPhone);

        assertThat(outcomes).filteredOn(outcome -> outcome.phone().equals(masked(illegal))).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(outcome.providerErrorCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
                });
        assertThat(outcomes).filteredOn(outcome -> !outcome.phone().equals(masked(illegal)))
                .hasSize(CODES - 1).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        Map<String, String> expected = new HashMap<>(codeByPhone);
        expected.remove(illegal);
        assertThat(receivedCodes()).as("every other number got its own code, once").isEqualTo(expected);
        assertThat(aliyun.requests(AliyunCall::isSend)).as("the refused batch was tried first")
                .anySatisfy(call -> assertThat(call.action()).isEqualTo("SendBatchSms"));
    }

    @Test
    void afterTheContextRestartsOnlyTheBatchAndRetryContainersRun(@Autowired ConfigurableApplicationContext context) {
        // What the test framework does to a cached context between test classes, and ops might do over JMX.
        context.stop();
        context.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(listeners.getListenerContainer("login-code").isRunning()).isTrue();
            assertThat(listeners.getListenerContainer("login-code-retries-retry-0").isRunning()).isTrue();
        });
        assertThat(listeners.getListenerContainer("login-code-retries").isRunning())
                .as("the record listener's container on login.code itself").isFalse();
        assertThat(listeners.getListenerContainers()).filteredOn(container -> container.getListenerId() != null
                        && container.getListenerId().endsWith("-dlt"))
                .isNotEmpty().noneMatch(MessageListenerContainer::isRunning);
    }

    /**
     * Publishes one code per phone while the login-code listener is paused, so that they reach it in one poll.
     *
     * @return the code each phone must get
     */
    private Map<String, String> publishTogether(String prefix, List<String> phones) {
        MessageListenerContainer container = listeners.getListenerContainer("login-code");
        assertThat(container).isNotNull();
        container.pause();
        await().atMost(Duration.ofSeconds(10)).until(container::isContainerPaused);
        Map<String, String> codeByPhone = new HashMap<>();
        eventIds.clear();
        try {
            for (int i = 0; i < phones.size(); i++) {
                String code = String.format("%06d", 100_000 + i * 7_919);
                codeByPhone.put(phones.get(i), code);
                String eventId = uniqueId(prefix);
                eventIds.add(eventId);
                // One key, so one partition: the paused consumer's next fetch then brings every code at once.
                kafka().publishRaw(Topics.LOGIN_CODE, prefix, EventJson.mapper().writeValueAsBytes(
                        new LoginCodeRequested(eventId, Instant.now(), e164(phones.get(i)), code,
                                Instant.now().plus(5, ChronoUnit.MINUTES), Channel.SMS, null, "SMS_LOGIN_1")));
            }
        } finally {
            container.resume();
        }
        return codeByPhone;
    }

    private List<SmsDelivered> awaitAll(Map<String, String> codeByPhone) {
        List<SmsDelivered> outcomes = new ArrayList<>();
        eventIds.forEach(eventId -> outcomes.addAll(awaitOutcomes(eventId, 1)));
        return outcomes;
    }

    /** The code each number received from the simulator; a number that got two messages would fail the map. */
    private static Map<String, String> receivedCodes() {
        Map<String, String> received = new HashMap<>();
        for (SentMessage message : aliyun.sentMessages()) {
            String previous = received.put(message.phoneNumber(), message.templateParams().get("code"));
            assertThat(previous).as("second message to one number").isNull();
        }
        return received;
    }
}
