package io.smsnotifier.worker.console;

import io.smsnotifier.worker.admin.AdminTokens;
import io.smsnotifier.worker.delivery.HandsetAlerts;
import io.smsnotifier.worker.delivery.HandsetStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.worker.console.ConsoleSlice.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The overview's handset table without the browser: a row per service with its rate, times, receipts and sends
 * awaiting one, the warning badge only where {@link HandsetAlerts} says so, and the part alone unavailable when the
 * ledger cannot be read. The overview's other parts and the alerts are mocked.
 */
@WebMvcTest(controllers = ConsoleOverviewController.class)
@Import({ConsoleSlice.class, ConsoleHandsets.class})
class ConsoleOverviewControllerTests {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ConsoleOverview overview;
    @MockitoBean
    HandsetAlerts alerts;
    @MockitoBean
    AdminTokens tokens;

    @BeforeEach
    void healthyOverview() {
        ConsoleOverview.Check up = new ConsoleOverview.Check("UP", "ok", null);
        when(overview.snapshot()).thenReturn(new ConsoleOverview.Snapshot(Instant.parse("2026-01-01T10:00:00Z"), up,
                new ConsoleOverview.KafkaState(up, 1, Map.of(), null), List.of(), null, null));
        when(alerts.alertBelow()).thenReturn(0.9);
    }

    @Test
    void eachServiceHasItsRowAndOnlyTheOneInAlertItsWarning() throws Exception {
        when(alerts.lastHour()).thenReturn(List.of(
                new HandsetAlerts.Rate(new HandsetStats.Service("ali-1", 16, 24, Duration.ofMillis(4_200),
                        Duration.ofSeconds(95), 7), true, true),
                new HandsetAlerts.Rate(new HandsetStats.Service("tencent-1", 49, 1, Duration.ofMillis(800),
                        Duration.ofSeconds(3), 0), true, false),
                new HandsetAlerts.Rate(new HandsetStats.Service("quiet", 0, 0, null, null, 3), true, false)));

        String page = mvc.perform(get("/console/overview").with(viewer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        String alerting = row(page, "ali-1");
        assertThat(alerting).contains("40.0 %", "4.2 s", "1 min 35 s", ">40<", ">7<", "rate-alert", "below 90.0 %");
        assertThat(row(page, "tencent-1")).contains("98.0 %", "0.8 s", "3.0 s", ">50<").doesNotContain("rate-alert");
        assertThat(row(page, "quiet")).contains("—", ">3<").doesNotContain("rate-alert");
    }

    @Test
    void theHandsetPartAloneIsUnavailableWhenTheLedgerCannotBeRead() throws Exception {
        when(alerts.lastHour()).thenThrow(new IllegalStateException("database down"));

        String page = mvc.perform(get("/console").with(viewer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).doesNotContain("id=\"handsets\"").contains("Handset delivery, last hour",
                "Unavailable right now", "id=\"health-postgres\"");
    }

    private static String row(String page, String service) {
        int start = page.indexOf("id=\"handsets-" + service + "\"");
        assertThat(start).as("the row of " + service).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
