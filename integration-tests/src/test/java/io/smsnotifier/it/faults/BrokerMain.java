package io.smsnotifier.it.faults;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-node Kafka (KRaft, combined broker + controller) for {@link BrokerProcess}: the real broker from the
 * Kafka server artifact through {@link KafkaClusterTestKit}, with its data in a directory that outlives the
 * process (so a restart finds its logs, committed offsets and metadata) and fixed ports: clients use the extra
 * {@code LOCAL} listener on {@code <port>}, the controller listens on {@code <controllerPort>}.
 *
 * <p>Arguments: {@code <baseDirectory> <clusterId> <port> <controllerPort> <format: true|false>}. Prints
 * {@value #READY} when the broker serves clients, then runs until killed.
 */
public final class BrokerMain {

    static final String READY = "BROKER READY";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        String clusterId = args[1];
        int port = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);
        boolean format = Boolean.parseBoolean(args[4]);
        Files.createDirectories(base);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setClusterId(clusterId)
                .setBaseDirectory(base)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:" + controllerPort
                        + ",LOCAL://localhost:" + port)
                .setConfigProp("listener.security.protocol.map",
                        "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,LOCAL:PLAINTEXT")
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("num.partitions", "3")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setDeleteOnClose(false)
                .build();
        if (format) {
            cluster.format();
        }
        cluster.startup();
        cluster.waitForReadyBrokers();
        System.out.println(READY + " localhost:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
