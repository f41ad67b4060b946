package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code notifier.recipients.max-per-event} on real PostgreSQL: an event naming a department larger than the cap
 * is refused after reading one member more than the cap, not the whole organisation.
 */
class FanOutCapTests {

    private static final int CAP = 10;
    private static final int DEPARTMENT_SIZE = 500;
    private static Members members;

    @BeforeAll
    static void directoryOfOneLargeDepartment() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        members = new Members(new NamedParameterJdbcTemplate(dataSource));
        List<Members.MemberRow> rows = new ArrayList<>();
        for (int i = 0; i < DEPARTMENT_SIZE; i++) {
            String phone = String.format("+86137%08d", i);
            rows.add(new Members.MemberRow("m-" + i, "M" + i, phone, phone, null, true, List.of("root"), List.of()));
        }
        members.saveAll(rows);
    }

    @Test
    void aDepartmentOverTheCapIsRefusedAfterReadingOneMemberMoreThanTheCap() {
        assertThat(members.findRecipients(List.of(), List.of("root"), true, List.of(), CAP + 1)).hasSize(CAP + 1);

        RecipientResolver resolver = new RecipientResolver(members, new PhoneNumbers(new PhoneProperties("CN")),
                new RecipientProperties(CAP));
        assertThatThrownBy(() -> resolver.resolve(new Recipients(null, List.of("root"), null, null, null)))
                .isInstanceOfSatisfying(PermanentDeliveryFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo("the event resolves to more than notifier.recipients.max-per-event=10 recipients"));
    }

    @Test
    void aDepartmentWithinTheCapResolvesToEveryMember() {
        RecipientResolver resolver = new RecipientResolver(members, new PhoneNumbers(new PhoneProperties("CN")),
                new RecipientProperties(DEPARTMENT_SIZE));

        assertThat(resolver.resolve(new Recipients(null, List.of("root"), null, null, null))).hasSize(DEPARTMENT_SIZE);
    }
}
