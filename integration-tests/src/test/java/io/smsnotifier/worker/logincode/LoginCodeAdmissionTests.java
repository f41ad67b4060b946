package io.smsnotifier.worker.logincode;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login-code limits as PostgreSQL applies them ({@code admit_login_codes}, migrations V10 and V11), on a fresh,
 * migrated database: the limit that is reached refuses, codes in one round count against each other, an event
 * counts once however often it comes, and concurrent rounds together stay within the limit.
 */
class LoginCodeAdmissionTests {

    private static NamedParameterJdbcTemplate jdbc;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    private static LoginCodePolicy policy(int perMinute, int perHour, int perDay) {
        return new LoginCodePolicy(jdbc, new LoginCodeProperties(
                new LoginCodeProperties.Limits(perMinute, perHour, perDay), List.of()));
    }

    private static String phone() {
        return "+86139" + String.format("%08d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000_000));
    }

    @Test
    void secondCodeToANumberInOneMinuteIsRefusedWithTheLimitItReached() {
        LoginCodePolicy policy = policy(1, 5, 10);
        String phone = phone();

        Map<String, LoginCodePolicy.Refusal> refusals = policy.admit(List.of(
                new LoginCodePolicy.Admission("a-" + phone, phone),
                new LoginCodePolicy.Admission("b-" + phone, phone),
                new LoginCodePolicy.Admission("c-" + phone(), phone())));

        assertThat(refusals).containsOnlyKeys("b-" + phone);
        assertThat(refusals.get("b-" + phone)).satisfies(refusal -> {
            assertThat(refusal.rateLimited()).isTrue();
            assertThat(refusal.reason()).isEqualTo("login-code limit of 1 per minute for this number reached");
        });
    }

    @Test
    void theHourAndDayLimitsApplyWhenTheMinuteHasNone() {
        String phone = phone();
        LoginCodePolicy hourly = policy(0, 2, 10);
        assertThat(hourly.admit("h1-" + phone, phone)).isNull();
        assertThat(hourly.admit("h2-" + phone, phone)).isNull();
        assertThat(hourly.admit("h3-" + phone, phone).reason()).contains("2 per hour");

        LoginCodePolicy daily = policy(0, 0, 3);
        assertThat(daily.admit("d3-" + phone, phone)).as("the refused third code was not counted").isNull();
        assertThat(daily.admit("d4-" + phone, phone).reason()).contains("3 per day");
        assertThat(policy(0, 0, 0).admit("free-" + phone, phone)).as("0 is no limit").isNull();
    }

    @Test
    void anEventIsCountedOnceHoweverOftenItIsAdmitted() {
        LoginCodePolicy policy = policy(0, 2, 0);
        String phone = phone();

        assertThat(policy.admit("once-" + phone, phone)).isNull();
        assertThat(policy.admit("once-" + phone, phone)).as("a redelivery").isNull();
        assertThat(policy.admit("once-" + phone, phone)).as("another redelivery").isNull();
        assertThat(policy.admit("twice-" + phone, phone)).isNull();
        assertThat(policy.admit("third-" + phone, phone)).isNotNull();
        assertThat(jdbc.getJdbcTemplate().queryForObject(
                "select count(*) from login_code_sends where phone = ?", Integer.class, phone)).isEqualTo(2);
    }

    /**
     * The attack V10 let through: each event id is first used for a throwaway number, then for the victim's; the
     * victim's codes were taken for redeliveries and never counted.
     */
    @Test
    void reusingAnEventIdForAnotherNumberDoesNotGetPastTheLimit() {
        LoginCodePolicy policy = policy(1, 0, 0);
        String victim = phone();
        int admitted = 0;
        for (int i = 0; i < 3; i++) {
            String eventId = "reused-" + i + "-" + victim;
            assertThat(policy.admit(eventId, phone())).as("the throwaway number").isNull();
            if (policy.admit(eventId, victim) == null) {
                admitted++;
            }
        }
        assertThat(admitted).as("codes to the victim within a minute, limit 1").isEqualTo(1);
        assertThat(policy.admit(List.of(new LoginCodePolicy.Admission("reused-0-" + victim, victim, "voice"))))
                .as("a voice code counts against the same number").containsKey("reused-0-" + victim);
    }

    @Test
    void concurrentRoundsToOverlappingNumbersTogetherStayWithinTheLimit() throws Exception {
        LoginCodePolicy policy = policy(0, 3, 0);
        List<String> phones = List.of(phone(), phone(), phone());
        int rounds = 8;
        try (ExecutorService workers = Executors.newFixedThreadPool(rounds)) {
            List<Future<Map<String, LoginCodePolicy.Refusal>>> results = new java.util.ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int r = round;
                // Each round names the numbers in a different order: the locks are taken sorted, so no deadlock.
                List<LoginCodePolicy.Admission> admissions = new java.util.ArrayList<>();
                for (int i = 0; i < phones.size(); i++) {
                    String phone = phones.get((i + r) % phones.size());
                    admissions.add(new LoginCodePolicy.Admission("c" + r + "-" + phone, phone));
                }
                results.add(workers.submit(() -> policy.admit(admissions)));
            }
            int refused = 0;
            for (Future<Map<String, LoginCodePolicy.Refusal>> result : results) {
                refused += result.get().size();
            }
            assertThat(refused).isEqualTo(rounds * phones.size() - 3 * phones.size());
        }
        for (String phone : phones) {
            assertThat(jdbc.getJdbcTemplate().queryForObject(
                    "select count(*) from login_code_sends where phone = ?", Integer.class, phone)).isEqualTo(3);
        }
    }
}
