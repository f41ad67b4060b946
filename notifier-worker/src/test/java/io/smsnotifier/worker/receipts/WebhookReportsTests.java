package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookReportsTests {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final WebhookReports FORMAT = new WebhookReports(JSON);

    private static ParsedPush parse(String body) {
        return FORMAT.parse(body.getBytes(StandardCharsets.UTF_8), "gateway", 4);
    }

    @Test
    void readsOurFormatWithTheTimeInAnyOffset() {
        ParsedPush parsed = parse("""
                [{"messageId":"gw-1","phone":"+8613800138000","delivered":true,"code":"DELIVRD",
                  "message":"用户接收成功","time":"2026-12-07T10:00:05+08:00"},
                 {"messageId":"gw-1","phone":"+85291234567","delivered":false,"code":"MK:0001",
                  "time":"2026-12-07T02:00:06.5Z"},
                 {"messageId":"a^1:b/c+d=e_f.g","phone":"+14155550100","delivered":true,"code":null,"message":""}]""");

        assertThat(parsed.invalid()).isZero();
        assertThat(parsed.receipts()).containsExactly(
                new Receipts.Receipt("gateway", "gw-1", "+8613800138000", true, "DELIVRD", "用户接收成功",
                        Instant.parse("2026-12-07T02:00:05Z")),
                new Receipts.Receipt("gateway", "gw-1", "+85291234567", false, "MK:0001", null,
                        Instant.parse("2026-12-07T02:00:06.5Z")),
                new Receipts.Receipt("gateway", "a^1:b/c+d=e_f.g", "+14155550100", true, null, null, null));
    }

    @Test
    void leavesOutReportsWithAFieldThatFailsItsCheckAndKeepsTheRest() {
        List<String> bad = List.of(
                "{\"messageId\":\"m\",\"phone\":\"13800138000\",\"delivered\":true}",
                "{\"messageId\":\"m\",\"phone\":\"+0613800138000\",\"delivered\":true}",
                "{\"messageId\":\"m\",\"phone\":\"+86138001380001234\",\"delivered\":true}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":\"true\"}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\"}",
                "{\"phone\":\"+8613800138000\",\"delivered\":true}",
                "{\"messageId\":\"" + "m".repeat(65) + "\",\"phone\":\"+8613800138000\",\"delivered\":true}",
                "{\"messageId\":\"a b\",\"phone\":\"+8613800138000\",\"delivered\":true}",
                "{\"messageId\":7,\"phone\":\"+8613800138000\",\"delivered\":true}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":true,\"code\":\"" + "c".repeat(65)
                        + "\"}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":true,\"message\":\"a\\nb\"}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":true,\"time\":\"2026-12-07 10:00\"}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":true,"
                        + "\"time\":\"2026-12-07T10:00:05\"}",
                "{\"messageId\":\"m\",\"phone\":\"+8613800138000\",\"delivered\":true,\"time\":5}",
                "\"not an object\"");
        for (String report : bad) {
            ParsedPush parsed = parse("[" + report + ",{\"messageId\":\"ok\",\"phone\":\"+8613800138000\","
                    + "\"delivered\":false}]");

            assertThat(parsed.invalid()).as(report).isEqualTo(1);
            assertThat(parsed.receipts()).as(report).extracting(Receipts.Receipt::bizId).containsExactly("ok");
        }
    }

    @Test
    void refusesABodyThatIsNotAnArrayOrCarriesTooManyReports() {
        assertThatThrownBy(() -> parse("[{\"messageId\":")).isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> parse("{\"messageId\":\"m\"}")).isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> parse("[{},{},{},{},{}]")).isInstanceOfSatisfying(MalformedPush.class,
                e -> assertThat(e.tooMany).isTrue());
    }

    @Test
    void answersHowManyReportsPassedTheirChecksOrWhyThePushWasRefused() {
        ParsedPush parsed = parse("""
                [{"messageId":"m","phone":"+8613800138000","delivered":true},{"messageId":"m"}]""");

        assertThat(FORMAT.accepted(parsed)).isEqualTo("{\"accepted\":1}");
        assertThat(FORMAT.refused(400, "not a JSON array")).isEqualTo("{\"error\":\"not a JSON array\"}");
        assertThat(FORMAT.type()).isEqualTo("webhook");
    }
}
