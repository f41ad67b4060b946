package io.smsnotifier.it.console;

import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.it.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deliveries page says which times a search without an event id, phone or member covered (the 24 hours before
 * "to", unless "from" is given) and refuses a window over 7 days next to its field, as the API does. Over plain
 * HTTP ({@link ConsoleHttp}): no browser needed.
 */
class ConsoleDeliveriesWindowTests extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSearchByStatusAloneSaysItCoveredTheLast24HoursAndFindsNothingOlder() {
        String eventId = "console-window-" + UUID.randomUUID();
        jdbc.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, status, service, created_at,
                                        outcome_published)
                values (?, '+8613700137501', 'sms', 'sms.notify', 'EXPIRED', 'sandbox', now() - interval '2 days',
                        true)""", eventId);
        ConsoleHttp console = signedIn();

        HttpResponse<String> lastDay = console.get("/console/deliveries?status=EXPIRED");
        HttpResponse<String> threeDays = console.get("/console/deliveries?status=EXPIRED&from="
                + typed(Duration.ofDays(3)));
        HttpResponse<String> byEvent = console.get("/console/deliveries?eventId=" + eventId);

        assertThat(lastDay.statusCode()).isEqualTo(200);
        assertThat(lastDay.body()).contains("id=\"window\"").contains("the 24 hours before To")
                .doesNotContain(eventId);
        assertThat(threeDays.body()).contains(eventId);
        assertThat(byEvent.body()).as("an event is found however old").contains(eventId)
                .doesNotContain("id=\"window\"");
    }

    @Test
    void aWindowOfMoreThanSevenDaysWithoutAKeyIsShownAsAProblemOfFrom() {
        ConsoleHttp console = signedIn();

        HttpResponse<String> page = console.get("/console/deliveries?status=FAILED&from=" + typed(Duration.ofDays(8)));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("at most 7 days before To").doesNotContain("id=\"results\"");
    }

    private ConsoleHttp signedIn() {
        ConsoleHttp console = new ConsoleHttp("http://localhost:" + port);
        assertThat(console.signIn(AdminApiClient.VIEWER_TOKEN).statusCode()).isEqualTo(302);
        return console;
    }

    /** A time {@code ago} as the form's datetime-local field sends it (UTC). */
    private static String typed(Duration ago) {
        String local = LocalDateTime.ofInstant(Instant.now().minus(ago), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS).toString();
        return URLEncoder.encode(local, StandardCharsets.UTF_8);
    }
}
