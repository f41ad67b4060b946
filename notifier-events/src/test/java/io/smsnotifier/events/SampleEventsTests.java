package io.smsnotifier.events;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SampleEventsTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void publishesOneSampleOfEachKindByDefault() {
        List<NotifierEvent> samples = SampleEvents.samples("all", NOW, "123456");

        assertThat(samples).extracting(NotifierEvent::defaultTopic).containsExactly(Topics.APPROVAL_REACHED,
                Topics.APPROVAL_CC, Topics.LOGIN_CODE, Topics.SMS_NOTIFY);
        assertThat(samples).extracting(NotifierEvent::eventId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("sample-").endsWith("-" + NOW.toEpochMilli()));
    }

    @Test
    void samplesValidateAgainstTheirSchemas() {
        for (NotifierEvent event : SampleEvents.samples("all", NOW, "123456")) {
            assertThat(ContractSchemas.validate(event.defaultTopic(), EventJson.mapper().valueToTree(event)))
                    .as(event.defaultTopic()).isEmpty();
        }
    }

    @Test
    void samplesUseTheWorkersLocalTemplatesAndMembers() {
        ApprovalReached reached = (ApprovalReached) SampleEvents.sample(Topics.APPROVAL_REACHED, NOW, "1");
        ApprovalCarbonCopied copied = (ApprovalCarbonCopied) SampleEvents.sample(Topics.APPROVAL_CC, NOW, "1");
        SmsNotificationRequested notify = (SmsNotificationRequested) SampleEvents.sample(Topics.SMS_NOTIFY, NOW, "1");

        assertThat(reached.templateCode()).isEqualTo("SMS_APPROVAL");
        assertThat(reached.recipients().members()).containsExactly("u-1", "u-2");
        assertThat(copied.templateCode()).isEqualTo("SMS_APPROVAL_CC");
        assertThat(copied.recipients().members()).containsExactly("u-1", "u-2");
        assertThat(notify.templateCode()).isEqualTo("ORDER_NOTIFY");
        assertThat(notify.recipients().members()).containsExactly("u-1");
        assertThat(notify.recipients().phones()).containsExactly("13700137000");
        assertThat(notify.params()).containsOnlyKeys("username", "amount");
    }

    @Test
    void loginCodeSampleExpiresInFiveMinutes() {
        LoginCodeRequested login = (LoginCodeRequested) SampleEvents.sample(Topics.LOGIN_CODE, NOW, "482913");

        assertThat(login.phone()).isEqualTo("+8613800138000");
        assertThat(login.code()).isEqualTo("482913");
        assertThat(login.templateCode()).isEqualTo("SMS_LOGIN_1");
        assertThat(login.channel()).isEqualTo(Channel.SMS);
        assertThat(Duration.between(login.occurredAt(), login.expiresAt())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void publishedLineNeverShowsTheLoginCode() {
        LoginCodeRequested login = (LoginCodeRequested) SampleEvents.sample(Topics.LOGIN_CODE, NOW, "482913");
        RecordMetadata metadata = new RecordMetadata(new TopicPartition(Topics.LOGIN_CODE, 2), 41, 0, 0, 0, 0);

        assertThat(SampleEvents.publishedLine(login, metadata))
                .isEqualTo("published topic=login.code key=" + login.eventId() + " partition=2 offset=41")
                .doesNotContain("482913");
    }

    @Test
    void rejectsAnUnknownKind() {
        assertThatIllegalArgumentException().isThrownBy(() -> SampleEvents.samples("approval", NOW, "1"))
                .withMessageContaining("approval.reached");
    }
}
