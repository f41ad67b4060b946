package io.smsnotifier.it;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.NotifierApplication;
import io.smsnotifier.worker.delivery.OutcomeCounts;
import io.smsnotifier.worker.support.ReadDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional read replica ({@code notifier.read-datasource.url}): a second database, migrated and filled by the
 * test, holds rows the primary does not. Delivery search, the audit log's pages, handset statistics and the
 * overview's outcome counts find them there; sending writes to the primary, and a row the replica has not received
 * yet is not found (a real replica shows it a moment later). Its own context: the others read the primary.
 */
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles("it")
class ReadReplicaTests extends EmbeddedWorkerTest {

    private static final String REPLICA_ONLY = "replica-only-event";
    private static final String REPLICA_ACTOR = "replica-only-auditor";
    private static final String REPLICA_SERVICE = "replica-only-service";
    private static final String REPLICA_KIND = "replica.only";
    private static final String REPLICA_URL = replica();

    @Autowired
    JdbcTemplate primary;

    @Autowired
    ReadDatabase reads;

    @Autowired
    OutcomeCounts outcomes;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
        registry.add("notifier.read-datasource.url", () -> REPLICA_URL);
    }

    /** A database as a replica of the primary would be, with rows of its own: one of each read it serves. */
    private static String replica() {
        String url = TestPostgres.freshDatabaseUrl();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, phone_masked, status, service,
                                        provider_message_id, created_at, sending_at, receipt_code, handset_at,
                                        receipt_at, outcome_published)
                values (?, '+8613700137601', 'sms', 'sms.notify', '+86137****7601', 'DELIVERED', ?, 'biz-replica',
                        now() - interval '5 minutes', now() - interval '5 minutes', 'DELIVERED',
                        now() - interval '4 minutes', now() - interval '4 minutes', true)""",
                REPLICA_ONLY, REPLICA_SERVICE);
        jdbc.update("insert into admin_audit (actor, action, target) values (?, 'service.update', 'service:x')",
                REPLICA_ACTOR);
        jdbc.update("""
                insert into outcome_minutes (minute, status, kind, service, count)
                values (date_trunc('minute', now()) - interval '2 minutes', 'SENT', ?, ?, 7)""",
                REPLICA_KIND, REPLICA_SERVICE);
        return url;
    }

    @Test
    void searchAuditPagesHandsetStatisticsAndOutcomeCountsReadTheReplica() {
        assertThat(reads.replica()).isTrue();
        assertThat(primary.queryForObject("select count(*) from deliveries where event_id = ?", Long.class,
                REPLICA_ONLY)).as("not on the primary").isZero();

        JsonNode found = json(admin().get("/api/deliveries?eventId=" + REPLICA_ONLY));
        JsonNode event = json(admin().get("/api/deliveries/events/" + REPLICA_ONLY));
        JsonNode audit = json(admin().audit("actor=" + REPLICA_ACTOR));
        JsonNode stats = json(admin().get("/api/deliveries/handset-stats"));

        assertThat(found.path("items")).hasSize(1);
        assertThat(found.path("items").get(0).path("service").asString()).isEqualTo(REPLICA_SERVICE);
        assertThat(event.path("recipients")).hasSize(1);
        assertThat(audit.path("total").asLong()).isEqualTo(1);
        assertThat(stats.path("services").toString()).contains(REPLICA_SERVICE);
        assertThat(outcomes.within(Duration.ofHours(1))).extracting(OutcomeCounts.Count::kind)
                .contains(REPLICA_KIND);
    }

    @Test
    void sendingWritesThePrimaryAndASearchShowsTheRowOnlyOnceTheReplicaHasIt() {
        String eventId = uniqueId("replica-send");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones("+8613700137602"),
                null, "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);

        assertThat(primary.queryForList("select status from deliveries where event_id = ?", String.class, eventId))
                .isEqualTo(List.of("SENT"));
        assertThat(json(admin().get("/api/deliveries?eventId=" + eventId)).path("items"))
                .as("this replica never receives it").isEmpty();
    }
}
