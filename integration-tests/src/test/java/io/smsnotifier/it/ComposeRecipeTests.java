package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production recipe without Docker: the executable jar, in its default profile, with exactly the
 * configuration file docker-compose.yaml mounts ({@code deploy/notifier.yaml} as {@code config/application.yaml}
 * beside the jar) and the environment variables it sets, against a real broker and PostgreSQL, reaches health
 * UP. And the jar started with profile {@code local}, which needs the test-run infrastructure, stops at once
 * naming the README's run command.
 */
class ComposeRecipeTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void theJarWithTheComposeConfigurationStartsAndReportsHealthUp() throws Exception {
        Path workDir = Files.createTempDirectory("compose-recipe");
        Files.createDirectories(workDir.resolve("config"));
        Files.copy(ROOT.resolve("deploy/notifier.yaml"), workDir.resolve("config/application.yaml"));
        int port = freePort();
        String database = TestPostgres.freshDatabaseUrl();
        Path log = Path.of("target", "compose-recipe.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx512m", "-jar", executableJar().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString(),
                "SPRING_DATASOURCE_URL", database,
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "",
                "NOTIFIER_ADMIN_TOKEN", "compose-recipe-6f2b9d4a1e7c3058b6f2d9a4c1e70358",
                "SERVER_PORT", String.valueOf(port)));
        Process worker = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(worker.isAlive()).as(() -> "the worker exited; its log: " + tail(log)).isTrue();
                String body = health(port);
                return body.startsWith("{") && EventJson.mapper().readTree(body).path("status").asString().equals("UP");
            });
        } finally {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void theJarWithProfileLocalStopsAtOnceNamingTheRunCommand() throws Exception {
        Path log = Path.of("target", "compose-recipe-local.log").toAbsolutePath();
        Process worker = new ProcessBuilder(java(), "-Xmx256m", "-jar", executableJar().toString(),
                "--spring.profiles.active=local", "--server.port=" + freePort())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("stopped by itself").isTrue();
        assertThat(worker.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("./mvnw -pl notifier-worker -am spring-boot:test-run")
                .doesNotContain("role \"notifier\" does not exist");
    }

    private static String health(int port) {
        return AdminApiClient.local(port).anonymous().tryGet("/actuator/health", Duration.ofSeconds(5))
                .map(HttpResponse::body).orElse("unreachable");
    }

    /** Built by the reactor's package phase before these tests run ({@code ./mvnw verify}). */
    private static Path executableJar() throws IOException {
        try (Stream<Path> jars = Files.list(ROOT.resolve("notifier-worker/target"))) {
            List<Path> found = jars.filter(path -> path.getFileName().toString().endsWith("-exec.jar")).toList();
            assertThat(found).as("notifier-worker's executable jar: run ./mvnw verify from the root").hasSize(1);
            return found.getFirst();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
