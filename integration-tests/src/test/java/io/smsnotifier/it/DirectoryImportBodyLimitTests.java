package io.smsnotifier.it;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code notifier.directory.import-max-bytes}: a body past it is refused with 413 and a JSON error; nothing is read
 * when the body declares its length, and a streamed body stops at the limit with the report of what was stored.
 */
@TestPropertySource(properties = "notifier.directory.import-max-bytes=64KB")
class DirectoryImportBodyLimitTests extends DirectoryIntegrationTest {

    private static final String NDJSON = "application/x-ndjson";

    @Test
    void aBodyDeclaringMoreThanTheLimitAnswers413AndStoresNothing() {
        String s = suffix();
        String body = members("imp-413-" + s, 1_000);

        HttpResponse<String> response = admin().importDirectory(NDJSON, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode error = json(response);
        assertThat(error.get("status").asInt()).isEqualTo(413);
        assertThat(error.get("message").asString()).contains("notifier.directory.import-max-bytes (65536 bytes)")
                .contains("nothing was imported");
        assertThat(error.get("report").get("inserted").asInt()).isZero();
        assertThat(directory.findMember("imp-413-" + s + "-1")).isEmpty();
    }

    @Test
    void aStreamedBodyPastTheLimitStopsThereAnswering413WithWhatWasStored() {
        String s = suffix();
        byte[] body = members("imp-413s-" + s, 1_000).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(64 * 1024);

        HttpResponse<String> response = admin().importDirectoryStreamed(NDJSON, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode error = json(response);
        assertThat(error.get("message").asString()).contains("notifier.directory.import-max-bytes (65536 bytes)")
                .contains("the import stopped after line");
        JsonNode report = error.get("report");
        assertThat(report.get("lines").asLong()).isPositive().isLessThan(1_000);
        assertThat(directory.findMember("imp-413s-" + s + "-1000")).isEmpty();
    }

    /** {@code count} member lines of about 100 bytes each. */
    private static String members(String prefix, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            lines.append("{\"memberId\": \"").append(prefix).append('-').append(i).append("\", \"nick\": \"Member ")
                    .append(i).append("\", \"phone\": \"").append(mobile()).append("\"}\n");
        }
        return lines.toString();
    }
}
