package io.smsnotifier.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory import holds every line to the limits directory sync applies and stores every good line: a NUL in
 * one field, a line too long to read whole, or an entry the database refuses is a reported line, never a 500
 * with half the file stored; and the import is audited under the token's name.
 */
class DirectoryImportLimitsTests extends DirectoryIntegrationTest {

    private static final String NDJSON = "application/x-ndjson";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNulInOneFieldRejectsOnlyItsLineNamingTheFieldAndTheImportIsAudited() {
        String s = suffix();
        List<String> lines = new ArrayList<>();
        String badPhone = mobile();
        for (int i = 1; i <= 1_500; i++) {
            String nick = i == 1_201 ? "Nul\\u0000Nick" : "Member " + i;
            lines.add("{\"memberId\": \"imp-nul-" + s + "-" + i + "\", \"nick\": \"" + nick + "\", \"phone\": \""
                    + (i == 1_201 ? badPhone : mobile()) + "\", \"departmentIds\": [\"imp-nul-d-" + s + "\"]}");
        }

        HttpResponse<String> response = admin().withToken(AdminApiClient.OPERATOR_TOKEN)
                .importDirectory(NDJSON, String.join("\n", lines) + "\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(badPhone).doesNotContain("Nul");
        JsonNode report = json(response);
        assertThat(report.get("lines").asLong()).isEqualTo(1_500);
        assertThat(report.get("inserted").asInt()).isEqualTo(1_499);
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        assertThat(report.get("rejections")).hasSize(1);
        JsonNode rejection = report.get("rejections").get(0);
        assertThat(rejection.get("line").asLong()).isEqualTo(1_201);
        assertThat(rejection.get("field").asString()).isEqualTo("nick");
        assertThat(rejection.get("reason").asString())
                .isEqualTo("must be at most 512 characters without control characters");
        assertThat(directory.findMember("imp-nul-" + s + "-1201")).isEmpty();
        assertThat(directory.findMember("imp-nul-" + s + "-1200")).isPresent();
        assertThat(directory.findMember("imp-nul-" + s + "-1500")).isPresent();

        JsonNode entries = json(admin().withToken(AdminApiClient.VIEWER_TOKEN)
                .audit("action=directory.import&actor=ops-alice&size=50")).get("items");
        assertThat(StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> entry.get("changes"))
                .filter(changes -> changes.path("lines").asLong() == 1_500
                        && changes.path("inserted").asInt() == 1_499)
                .findFirst()).hasValueSatisfying(changes -> {
                    assertThat(changes.get("format").asString()).isEqualTo("json-lines");
                    assertThat(changes.get("rejected").asInt()).isEqualTo(1);
                    assertThat(changes.toString()).doesNotContain(badPhone);
                });
    }

    @Test
    void aLineLongerThanTheLimitIsAReportedLineAndTheLinesAroundItAreImported() {
        String s = suffix();
        String body = "{\"memberId\": \"imp-long-" + s + "-1\", \"phone\": \"" + mobile() + "\"}\n"
                + "{\"memberId\": \"imp-long-" + s + "-2\", \"nick\": \"" + "n".repeat(300 * 1024) + "\"}\r\n"
                + "{\"memberId\": \"imp-long-" + s + "-3\", \"phone\": \"" + mobile() + "\"}";

        HttpResponse<String> response = admin().importDirectory(NDJSON, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response);
        assertThat(report.get("lines").asLong()).isEqualTo(3);
        assertThat(report.get("inserted").asInt()).isEqualTo(2);
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        JsonNode rejection = report.get("rejections").get(0);
        assertThat(rejection.get("line").asLong()).isEqualTo(2);
        assertThat(rejection.get("field").isNull()).isTrue();
        assertThat(rejection.get("reason").asString()).isEqualTo("the line is longer than 262144 bytes");
        assertThat(directory.findMember("imp-long-" + s + "-2")).isEmpty();
        assertThat(directory.findMember("imp-long-" + s + "-3")).isPresent();
    }

    @Test
    void anEntryTheDatabaseRefusesIsReportedByItsLineAndTheRestOfItsChunkIsStored() {
        String s = suffix();
        // A real refusal by PostgreSQL for a value within every field limit: a check constraint on this test's nick.
        String constraint = "imp_refused_" + s;
        jdbc.execute("alter table members add constraint " + constraint + " check (nick is distinct from 'Refused "
                + s + "') not valid");
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                lines.add("{\"memberId\": \"imp-refused-" + s + "-" + i + "\", \"nick\": \""
                        + (i == 3 ? "Refused " + s : "Fine") + "\", \"phone\": \"" + mobile() + "\"}");
            }

            HttpResponse<String> response = admin().importDirectory(NDJSON, String.join("\n", lines));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode report = json(response);
            assertThat(report.get("inserted").asInt()).isEqualTo(4);
            assertThat(report.get("rejected").asInt()).isEqualTo(1);
            JsonNode rejection = report.get("rejections").get(0);
            assertThat(rejection.get("line").asLong()).isEqualTo(3);
            assertThat(rejection.get("reason").asString()).isEqualTo("the database refused the entry (SQLSTATE 23514)");
            assertThat(directory.findMember("imp-refused-" + s + "-3")).isEmpty();
            assertThat(directory.findMember("imp-refused-" + s + "-5")).isPresent();
        } finally {
            jdbc.execute("alter table members drop constraint " + constraint);
        }
    }
}
