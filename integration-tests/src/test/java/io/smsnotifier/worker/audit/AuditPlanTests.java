package io.smsnotifier.worker.audit;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans PostgreSQL picks for the audit log's pages on a log of 60,000 entries (issue 19, item 4). Without an
 * index on the filters, a page filtered by actor, action or target walked the log by time (or read all of it)
 * and threw away what did not match; the plan shows it whatever the machine's speed. Now each filter reads only
 * its own entries, in the page's order, and the count stops at {@link AuditLog#COUNT_LIMIT}.
 */
class AuditPlanTests {

    private static final List<JsonNode> plans = new ArrayList<>();
    private static AuditLog audit;

    /** Runs every audit query under {@code EXPLAIN ANALYZE} first and keeps its plan. */
    private static final class ExplainingJdbc extends NamedParameterJdbcTemplate {
        private final ObjectMapper json = new ObjectMapper();

        ExplainingJdbc(DriverManagerDataSource dataSource) {
            super(dataSource);
        }

        @Override
        public <T> List<T> query(String sql, SqlParameterSource params, RowMapper<T> rowMapper) {
            explain(sql, params);
            return super.query(sql, params, rowMapper);
        }

        @Override
        public <T> T queryForObject(String sql, SqlParameterSource params, Class<T> requiredType) {
            explain(sql, params);
            return super.queryForObject(sql, params, requiredType);
        }

        private void explain(String sql, SqlParameterSource params) {
            String plan = super.queryForObject("explain (analyze, format json) " + sql, params, String.class);
            plans.add(json.readTree(plan).get(0).get("Plan"));
        }
    }

    @BeforeAll
    static void logOf60000Entries() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        sql.update("""
                insert into admin_audit (actor, action, target, at)
                select 'ops-' || (n % 60), 'test.action-' || (n % 30), 'deadletter:sms.notify-dlt/0/' || (n % 6000),
                       now() - n * interval '1 second'
                  from generate_series(1, 60000) n""");
        // As autovacuum does on a log that grows.
        sql.execute("vacuum analyze admin_audit");
        audit = new AuditLog(new ExplainingJdbc(dataSource), JsonMapper.builder().build());
    }

    @BeforeEach
    void forget() {
        plans.clear();
    }

    @Test
    void aPageFilteredByActorReadsOnlyThatActorsEntries() {
        AuditPage page = audit.list("ops-7", null, null, null, null, 0, 50);

        assertThat(page.items()).hasSize(50).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("ops-7"));
        assertReadOnlyWhatMatches("ops-7");
    }

    @Test
    void aPageFilteredByActionReadsOnlyThatActionsEntries() {
        AuditPage page = audit.list(null, "test.action-3", null, null, null, 1, 50);

        assertThat(page.items()).hasSize(50);
        assertReadOnlyWhatMatches("test.action-3");
    }

    @Test
    void aPageFilteredByTargetAndTimeReadsOnlyThatTargetsEntries() {
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS);
        AuditPage page = audit.list(null, null, "deadletter:sms.notify-dlt/0/42", from, null, 0, 5);

        assertThat(page.items()).hasSize(5);
        assertReadOnlyWhatMatches("deadletter:sms.notify-dlt/0/42");
    }

    private static void assertReadOnlyWhatMatches(String value) {
        assertThat(plans).as("the page and its count").hasSize(2);
        for (JsonNode plan : plans) {
            assertThat(rowsRemovedByFilter(plan)).as("entries read and thrown away\n%s", plan).isZero();
            assertThat(plan.toString()).as("an index on the filter").contains("Index Cond").contains(value);
            assertThat(rowsRead(plan)).as("entries read\n%s", plan).isLessThanOrEqualTo(AuditLog.COUNT_LIMIT + 1);
        }
    }

    private static long rowsRemovedByFilter(JsonNode node) {
        long removed = node.path("Rows Removed by Filter").asLong(0);
        for (JsonNode child : node.path("Plans")) {
            removed += rowsRemovedByFilter(child);
        }
        return removed;
    }

    private static long rowsRead(JsonNode node) {
        long read = node.path("Node Type").asString().endsWith("Scan") ? node.path("Actual Rows").asLong(0)
                * node.path("Actual Loops").asLong(1) : 0;
        for (JsonNode child : node.path("Plans")) {
            read += rowsRead(child);
        }
        return read;
    }
}
