package io.smsnotifier.it;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.EventPublisher;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.providers.sandbox.SandboxMessage;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.recipients.DirectoryMemberView;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * What the directory tests share on top of {@link WorkerIntegrationTest} (same context, same broker, same
 * database): a publisher for {@code directory.members} / {@code directory.departments}, the admin API over HTTP,
 * and numbers and ids of their own so tests never reach each other's members.
 */
abstract class DirectoryIntegrationTest extends WorkerIntegrationTest {

    static final String TEMPLATE_TEXT = "Order for u001: amount 1.00";

    private static EventPublisher directoryPublisher;

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    Directory directory;

    @Value("${local.server.port}")
    int port;

    @BeforeAll
    static void connectDirectoryPublisher(@Autowired EmbeddedKafkaBroker broker) {
        directoryPublisher = new EventPublisher(broker.getBrokersAsString());
    }

    @AfterAll
    static void disconnectDirectoryPublisher() {
        directoryPublisher.close();
    }

    /** Publishes on {@code directory.members} and waits for the broker's acknowledgement. */
    static void publishMember(MemberUpdated member) {
        acknowledged(directoryPublisher.publishMember(member));
    }

    static void publishDepartment(DepartmentUpdated department) {
        acknowledged(directoryPublisher.publishDepartment(department));
    }

    static void deleteMember(String memberId) {
        acknowledged(directoryPublisher.deleteMember(memberId));
    }

    static void deleteDepartment(String departmentId) {
        acknowledged(directoryPublisher.deleteDepartment(departmentId));
    }

    /** A short random suffix for the ids of one test. */
    static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** A valid mainland mobile number in E.164 that no other test uses: {@code +86139} and eight digits. */
    static String mobile() {
        return "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** The number as outcomes, the sandbox and the API show it. */
    static String masked(String e164) {
        return PhoneMask.mask(e164);
    }

    /** Publishes an {@code sms.notify} event with the ORDER_NOTIFY template and returns its event id. */
    static String notify(Recipients recipients) {
        String eventId = uniqueId("dir-notify");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), recipients, null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1.00")));
        return eventId;
    }

    static Recipients departments(String... departmentIds) {
        return new Recipients(null, List.of(departmentIds), null, null, null);
    }

    /**
     * Waits for {@code count} outcomes of {@code eventId} and returns every outcome of it on the topic by then
     * (an event's outcomes are published together, so more than {@code count} shows up here as a failure).
     */
    static List<SmsDelivered> outcomes(String eventId, int count) {
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, count);
        return kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key())).stream()
                .map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class))
                .toList();
    }

    /** The masked numbers the sandbox was given for {@code eventId}. */
    List<String> smsPhones(String eventId) {
        return sandboxMessages(eventId).stream().map(SandboxMessage::phone).toList();
    }

    /** Waits until the member is in the directory, as sync or import stored it. */
    void awaitMember(String memberId, Predicate<DirectoryMemberView> state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.findMember(memberId).filter(state).isPresent());
    }

    void awaitNoMember(String memberId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.findMember(memberId), Optional::isEmpty);
    }

    static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
        return kafka().awaitRecords(Topics.deadLetterOf(topic), record -> key.equals(record.key()), 1).getFirst();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(request(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static <T> T acknowledged(Future<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }
}
