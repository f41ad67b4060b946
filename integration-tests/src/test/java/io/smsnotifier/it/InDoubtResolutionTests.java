package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One lost answer to a large request leaves many rows UNKNOWN. The worker asks Alibaba Cloud about them
 * ({@code QuerySendDetails}) several at a time within a budget, not one after another on the consumer thread:
 * 64 rows with the vendor taking 300 ms a query resolve in about 64 / 16 × 0.3 s, not 64 × 0.3 s (19 s).
 */
class InDoubtResolutionTests extends FaultTestBase {

    private static final int ROWS = 64;
    private static final Duration QUERY_TAKES = Duration.ofMillis(300);

    @AfterEach
    void vendorBack() {
        aliyun.behaviour(call -> Behaviour.success());
    }

    @Test
    void manyInDoubtRowsOfOneEventAreAskedAboutConcurrently() {
        resetSimulators();
        awaitAllServicesInRotation();
        String eventId = "indoubt-" + UUID.randomUUID();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String phone = phone(2, 800_000 + i);
            phones.add(phone);
            // A request that went out an hour ago and whose answer was lost: the vendor does not list it.
            jdbc.update("insert into deliveries (event_id, recipient_key, channel, kind, status, service, "
                    + "request_out_id, sending_at, outcome_published) values (?, ?, 'sms', 'sms.notify', 'UNKNOWN', "
                    + "'aliyun-main', ?, now() - interval '1 hour', true)", eventId, "+86" + phone, "lost-" + i);
        }
        aliyun.behaviour(call -> call.action().equals("QuerySendDetails") ? Behaviour.slow(QUERY_TAKES)
                : Behaviour.success());

        long started = System.nanoTime();
        publishAll(List.of(record(notice(eventId, phones))));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledgerStatuses(eventId).getOrDefault("SENT", 0) == ROWS);
        Duration resolved = Duration.ofNanos(System.nanoTime() - started);

        int queries = aliyun.requests(call -> call.action().equals("QuerySendDetails")).size();
        print("indoubt", ROWS + " UNKNOWN rows, QuerySendDetails taking " + QUERY_TAKES.toMillis() + " ms: "
                + queries + " queries, all SENT after " + resolved.toMillis() + " ms (one after another: "
                + ROWS * QUERY_TAKES.toMillis() + " ms)");
        assertThat(queries).as("one query per in-doubt row").isEqualTo(ROWS);
        assertThat(aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend)).as("not listed: resent")
                .isNotEmpty();
        assertThat(resolved).isLessThan(QUERY_TAKES.multipliedBy(ROWS).dividedBy(2));
    }

    /**
     * A number that got 60 messages today has the lost request on the second page of {@code QuerySendDetails}
     * (50 a page). It is found there and confirmed; before, only the first page was read, the request was taken
     * for "not sent" and the number got the SMS again.
     */
    @Test
    void aLostRequestOnTheSecondPageOfTheNumbersDayIsFoundAndNotResent() {
        resetSimulators();
        awaitAllServicesInRotation();
        String prefix = "indoubt-pages-" + UUID.randomUUID() + "-";
        String phone = phone(2, 900_001);
        List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> earlier = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            earlier.add(record(notice(prefix + i, List.of(phone))));
        }
        publishAll(earlier);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == 60);
        List<AliyunSmsSimulator.SentMessage> today = aliyun.sentMessages().stream()
                .filter(message -> message.phoneNumber().endsWith(phone)).toList();
        assertThat(today).hasSize(60);
        String onPageTwo = today.getLast().outId();
        // The answer to that request was lost: the ledger of another event holds it in doubt, marked sending when
        // it left. (Not "an hour ago": between 16:00 and 17:00 UTC that is the day before in China, and the
        // vendor lists a number's messages by China day.)
        String eventId = prefix + "lost";
        jdbc.update("insert into deliveries (event_id, recipient_key, channel, kind, status, service, "
                + "request_out_id, sending_at, outcome_published) values (?, ?, 'sms', 'sms.notify', 'UNKNOWN', "
                + "'aliyun-main', ?, ?, true)", eventId, "+86" + phone, onPageTwo,
                java.sql.Timestamp.from(today.getLast().sentAt()));
        int sendsBefore = aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend).size();

        publishAll(List.of(record(notice(eventId, List.of(phone)))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledgerStatuses(eventId).getOrDefault("SENT", 0) == 1);

        assertThat(jdbc.queryForObject("select reason from deliveries where event_id = ?", String.class, eventId))
                .isEqualTo("confirmed by the vendor after the answer was lost");
        assertThat(aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend)).as("no resend").hasSize(sendsBefore);
    }

    /**
     * A request marked sending seconds before midnight in China reached the vendor after it: the vendor lists it
     * on the next day. It is found there and not resent; before, only the day it was marked on was read.
     */
    @Test
    void aLostRequestMarkedJustBeforeMidnightInChinaIsFoundOnTheNextDay() {
        resetSimulators();
        awaitAllServicesInRotation();
        String prefix = "indoubt-midnight-" + UUID.randomUUID() + "-";
        String phone = phone(2, 900_002);
        publishAll(List.of(record(notice(prefix + "sent", List.of(phone)))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledgerStatuses(prefix + "sent").getOrDefault("SENT", 0) == 1);
        AliyunSmsSimulator.SentMessage sent = aliyun.sentMessages().stream()
                .filter(message -> message.phoneNumber().endsWith(phone)).toList().getLast();
        java.time.ZoneId china = java.time.ZoneId.of("Asia/Shanghai");
        java.time.Instant beforeMidnight = sent.sentAt().atZone(china).toLocalDate().atStartOfDay(china)
                .toInstant().minusSeconds(10);
        String eventId = prefix + "lost";
        jdbc.update("insert into deliveries (event_id, recipient_key, channel, kind, status, service, "
                + "request_out_id, sending_at, outcome_published) values (?, ?, 'sms', 'sms.notify', 'UNKNOWN', "
                + "'aliyun-main', ?, ?, true)", eventId, "+86" + phone, sent.outId(),
                java.sql.Timestamp.from(beforeMidnight));
        int sendsBefore = aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend).size();

        publishAll(List.of(record(notice(eventId, List.of(phone)))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledgerStatuses(eventId).getOrDefault("SENT", 0) == 1);

        assertThat(jdbc.queryForObject("select reason from deliveries where event_id = ?", String.class, eventId))
                .isEqualTo("confirmed by the vendor after the answer was lost");
        assertThat(aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend)).as("no resend").hasSize(sendsBefore);
    }
}
