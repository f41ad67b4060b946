package io.smsnotifier.it;

import io.smsnotifier.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import java.util.UUID;

/**
 * What the tests of a worker context in this JVM share, whatever the context (which subclasses declare): a broker
 * client connected for each test class, the context's admin API, unique ids and dead letters. Public, with
 * protected members, for the console tests ({@code io.smsnotifier.it.console}).
 */
public abstract class EmbeddedWorkerTest {

    private static KafkaTestClient kafka;

    @Value("${local.server.port}")
    protected int port;

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        kafka = new KafkaTestClient(broker.getBrokersAsString());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    protected static KafkaTestClient kafka() {
        return kafka;
    }

    /** This context's admin API, with the admin token. */
    protected AdminApiClient admin() {
        return AdminApiClient.local(port);
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Waits for the dead letter of the record {@code key} on {@code topic}. */
    protected static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
        return kafka().awaitRecords(Topics.deadLetterOf(topic), record -> key.equals(record.key()), 1).getFirst();
    }
}
