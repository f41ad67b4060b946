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
}
