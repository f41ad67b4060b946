package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request whose answer was lost (the vendor took it and answered after the read timeout) may well have been
 * sent: it is never sent through another service at once, and the retry asks the vendor about it with the
 * settings it went out with, even when ops disabled the service or changed its key while the answer was
 * outstanding (issue 19, item 1). A refused connection, which proves nothing was sent, still fails over at once.
 * Stored services of Alibaba Cloud (the simulator, called through the real SDK, which scopes its listings by
 * account as the real service does), the sandbox of profile {@code it} as the service to fail over to. The first
 * retry waits 4 s, the window in which a test changes the service.
 */
@TestPropertySource(properties = {"notifier.catalog.poll-interval=200ms", "notifier.retry.in-place.interval=4s"})
class LostAnswerTests extends WorkerIntegrationTest {

    private static final String KEY_ID = "LTAI5tLostAnswerKey1";
    private static final String SECRET = "lost-answer-secret-5d2c91";
    private static final String NEW_KEY_ID = "LTAI5tLostAnswerKey2";
    private static final String NEW_SECRET = "lost-answer-secret-other-account";
    private static final String TEMPLATE_CODE = "SMS_LOST_1";
    /** Longer than the services' read timeout (1 s): the answer is lost, the message sent. */
    private static final Duration ANSWER_TAKES = Duration.ofSeconds(3);

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET)
            .anotherAccount(NEW_KEY_ID, NEW_SECRET);

    @AfterAll
    static void stop() {
        aliyun.close();
    }

    @Test
    void aServiceDisabledWhileItsAnswerIsOutstandingIsStillAskedAndTheNumberGetsOneSms() {
        String phone = "+8613900139301";
        String eventId = sendThroughASlowService("ali-off", phone);

        change("ali-off", service("ali-off", aliyun.endpoint(), KEY_ID, SECRET).replace("\"enabled\": true",
                "\"enabled\": false"));
        Instant changed = Instant.now();

        assertSentOnceAfterTheLookup(eventId, "ali-off", phone, changed);
        assertThat(queriesFor(phone)).extracting(AliyunCall::accessKeyId).containsOnly(KEY_ID);
    }

    @Test
    void aServiceReKeyedWhileItsAnswerIsOutstandingIsAskedWithTheKeyItSentWith() {
        String phone = "+8613900139302";
        String eventId = sendThroughASlowService("ali-rekeyed", phone);

        change("ali-rekeyed", service("ali-rekeyed", aliyun.endpoint(), NEW_KEY_ID, NEW_SECRET));
        Instant changed = Instant.now();

        assertSentOnceAfterTheLookup(eventId, "ali-rekeyed", phone, changed);
        assertThat(queriesFor(phone)).as("the new account does not list what the old one sent")
                .extracting(AliyunCall::accessKeyId).containsOnly(KEY_ID);
        String next = publish("ali-rekeyed", "+8613900139303");
        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, next, 1)).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(aliyun.sentTo("13900139303")).singleElement()
                .satisfies(call -> assertThat(call.accessKeyId()).isEqualTo(NEW_KEY_ID));
    }

    @Test
    void aRefusedConnectionProvesNothingWasSentAndFailsOverAtOnce() {
        create(service("ali-closed", "127.0.0.1:" + closedPort(), KEY_ID, SECRET));
        String eventId = publish("ali-closed", "+8613900139304");

        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("sandbox");
            assertThat(outcome.attempt()).as("in the first attempt, not after the 4 s retry").isEqualTo(1);
        });
        assertThat(sandboxMessages(eventId)).hasSize(1);
    }

    /** Creates the service and its template, and publishes an event through it that the vendor answers late. */
    private String sendThroughASlowService(String name, String phone) {
        create(service(name, aliyun.endpoint(), KEY_ID, SECRET));
        aliyun.failNext(1, Behaviour.slow(ANSWER_TAKES));
        String eventId = publish(name, phone);
        await().atMost(Duration.ofSeconds(20)).until(() -> !aliyun.sentTo(national(phone)).isEmpty());
        return eventId;
    }

    private void assertSentOnceAfterTheLookup(String eventId, String service, String phone, Instant changed) {
        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo(service);
        });
        assertThat(aliyun.sentTo(national(phone))).as("one SMS").hasSize(1);
        assertThat(sandboxMessages(eventId)).as("no failover on a lost answer").isEmpty();
        List<AliyunCall> queries = queriesFor(phone);
        assertThat(queries).as("the row in doubt was asked about").isNotEmpty();
        assertThat(queries.getFirst().arrivedAt()).as("asked after the change was in force, as the scenario needs")
                .isAfter(changed);
        assertThat(jdbcStatus(eventId)).isEqualTo("SENT");
    }

    private List<AliyunCall> queriesFor(String phone) {
        return aliyun.requests(call -> call.action().equals("QuerySendDetails")
                && national(phone).equals(call.parameters().get("PhoneNumber")));
    }

    private String jdbcStatus(String eventId) {
        JsonNode page = AdminApiClient.json(admin().get("/api/deliveries?eventId=" + eventId));
        return page.findValuesAsString("status").getFirst();
    }

    private String publish(String service, String phone) {
        String eventId = uniqueId("lost-" + service);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), service,
                "LOST_" + service, Map.of("name", "Ann")));
        return eventId;
    }

    private void create(String serviceJson) {
        HttpResponse<String> created = admin().post("/api/sms/services", serviceJson);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String name = AdminApiClient.json(created).path("name").asString();
        HttpResponse<String> template = admin().post("/api/sms/templates", """
                {"code": "LOST_%s", "content": "Hi ${name}", "params": ["name"], "codes": {"%s": "%s"}}"""
                .formatted(name, name, TEMPLATE_CODE));
        assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
        awaitInForce();
    }

    /** Replaces the service (version 1) and waits until this instance has the change in force. */
    private void change(String name, String serviceJson) {
        HttpResponse<String> changed = admin().exchange("PUT", "/api/sms/services/" + name, serviceJson,
                "If-Match", "\"1\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        awaitInForce();
    }

    private void awaitInForce() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode versions = AdminApiClient.json(admin().get("/api/sms/catalog"));
            return versions.path("stored").asLong() == versions.path("inForce").asLong();
        });
    }

    private static String service(String name, String endpoint, String keyId, String secret) {
        return """
                {"name": "%s", "type": "aliyun", "enabled": true, "priority": 50, "endpoint": "http://%s",
                 "accessKey": "%s", "accessSecret": "%s", "signName": "LostSign", "readTimeout": "1s"}"""
                .formatted(name, endpoint, keyId, secret);
    }

    private static String national(String e164) {
        return e164.substring(3);
    }

    /** A port on this machine nothing listens on: a connection to it is refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
