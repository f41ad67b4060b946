package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.instances.Instances;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * Who is handling a record right now: this worker instance and its consumer's membership in the group (member id
 * and generation). A ledger claim is taken under it, so that the consumer a rebalance hands the same record to
 * (another generation, maybe another instance) does not take the rows over while the first one may still be
 * sending them: only once their lease has run out or the holder's instance has stopped its heartbeat. Repeats
 * of a record within one generation (in-place retries, a redelivered poll) keep their claims.
 */
@Component
class ClaimHolders {

    private final Instances instances;

    ClaimHolders(Instances instances) {
        this.instances = instances;
    }

    String of(Consumer<?, ?> consumer) {
        ConsumerGroupMetadata group = consumer.groupMetadata();
        return instances.instanceId() + "|" + group.memberId() + "#" + group.generationId();
    }

    /** A record's identity under its holder: a copy of the same event on another partition or topic differs. */
    static String attemptOf(String holder, ConsumerRecord<?, ?> record) {
        return holder + "|" + record.topic() + "/" + record.partition() + "/" + record.offset();
    }
}
