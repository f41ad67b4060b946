package io.smsnotifier.worker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The local run's infrastructure: a real Kafka broker (KRaft) in this JVM and an embedded PostgreSQL (real
 * binaries from Maven Central, run as a child process). Closed with the application context.
 */
public final class LocalInfrastructure implements DisposableBean {

    private final EmbeddedKafkaKraftBroker broker;
    private final int kafkaPort;
    private final EmbeddedPostgres postgres;

    private LocalInfrastructure(EmbeddedKafkaKraftBroker broker, int kafkaPort, EmbeddedPostgres postgres) {
        this.broker = broker;
        this.kafkaPort = kafkaPort;
        this.postgres = postgres;
    }

    /**
     * @param kafkaPort the broker's port (9092 for the local run, 0 for any free port)
     */
    public static LocalInfrastructure start(int kafkaPort) {
        if (kafkaPort > 0) {
            requireFree(kafkaPort);
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        if (kafkaPort > 0) {
            // The test kit binds its own listeners to random ports; a third listener gives a fixed, known address.
            broker.brokerProperty("listeners",
                    "EXTERNAL://localhost:0,CONTROLLER://localhost:0,LOCAL://localhost:" + kafkaPort);
            broker.brokerProperty("listener.security.protocol.map",
                    "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,LOCAL:PLAINTEXT");
        }
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.afterPropertiesSet();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new LocalInfrastructure(broker, kafkaPort, postgres);
        } catch (IOException e) {
            broker.destroy();
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * The broker does not fail its start when one listener cannot bind, so a second local worker (or a Kafka
     * already on the port) would be used silently instead of this one.
     */
    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use (another local worker or a Kafka broker?): "
                    + "stop it, or choose another port with "
                    + "-Dspring-boot.run.arguments=--notifier.local.kafka-port=<port>", e);
        }
    }

    public String bootstrapServers() {
        return kafkaPort > 0 ? "localhost:" + kafkaPort : broker.getBrokersAsString();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void destroy() throws IOException {
        broker.destroy();
        postgres.close();
    }
}
