package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Two worker instances (profile {@code it}) in one consumer group, on one fresh database and one broker of their
 * own, each started with the given arguments; ready once both hold partitions of {@code listenerId}'s topic.
 */
final class TwoWorkers implements AutoCloseable {

    final EmbeddedKafkaKraftBroker broker;
    final ConfigurableApplicationContext first;
    final ConfigurableApplicationContext second;
    final KafkaTestClient kafka;

    TwoWorkers(int partitions, String listenerId, String... args) {
        broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.afterPropertiesSet();
        String database = TestPostgres.freshDatabaseUrl();
        List<String> all = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database));
        all.addAll(List.of(args));
        first = new SpringApplication(NotifierApplication.class).run(all.toArray(String[]::new));
        second = new SpringApplication(NotifierApplication.class).run(all.toArray(String[]::new));
        kafka = new KafkaTestClient(broker.getBrokersAsString());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> assigned(first, listenerId) > 0 && assigned(second, listenerId) > 0);
    }

    /** Partitions {@code worker}'s listener {@code listenerId} holds. */
    static int assigned(ConfigurableApplicationContext worker, String listenerId) {
        MessageListenerContainer container = worker.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer(listenerId);
        return container == null || container.getAssignedPartitions() == null ? 0
                : container.getAssignedPartitions().size();
    }

    @Override
    public void close() {
        kafka.close();
        second.close();
        first.close();
        broker.destroy();
    }
}
