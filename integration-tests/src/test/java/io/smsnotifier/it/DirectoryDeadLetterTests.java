package io.smsnotifier.it;

import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** A directory record that cannot be applied is dead-lettered with its reason and blocks nothing after it. */
class DirectoryDeadLetterTests extends DirectoryIntegrationTest {

    @Test
    void garbageBytesAreDeadLetteredAndTheNextEntryForTheSameKeyIsStillApplied() {
        String memberId = "dlt-garbage-" + suffix();
        kafka().publishRaw(Topics.DIRECTORY_MEMBERS, memberId, new byte[] {(byte) 0xff, 0x00, '{', '"'});
        publishMember(new MemberUpdated(memberId, "After garbage", mobile(), List.of(), List.of(), true));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.DIRECTORY_MEMBERS, memberId);

        assertThat(header(deadLetter, "notifier-reason")).startsWith("not valid JSON");
        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46001");
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.DIRECTORY_MEMBERS);
        assertThat(deadLetter.value()).startsWith((byte) 0xff, 0x00);
        awaitMember(memberId, member -> "After garbage".equals(member.nick()));
    }

    @Test
    void memberWhoseIdDiffersFromTheRecordKeyIsDeadLetteredAndNotApplied() {
        String s = suffix();
        String key = "dlt-key-" + s;
        String otherId = "dlt-other-" + s;
        kafka().publishRaw(Topics.DIRECTORY_MEMBERS, key, ("{\"memberId\": \"" + otherId
                + "\", \"nick\": \"Wrong key\", \"phone\": \"" + mobile() + "\"}").getBytes(StandardCharsets.UTF_8));
        publishMember(new MemberUpdated(key, "Right key", mobile(), List.of(), List.of(), true));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.DIRECTORY_MEMBERS, key);

        assertThat(header(deadLetter, "notifier-reason")).contains("memberId differs from the record key");
        awaitMember(key, member -> "Right key".equals(member.nick()));
        assertThat(directory.findMember(otherId)).isEmpty();
    }
}
