package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TencentReportsTests {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TencentReports FORMAT = new TencentReports(JSON);

    private static ParsedPush parse(String body) {
        return FORMAT.parse(body.getBytes(StandardCharsets.UTF_8), "tencent-main", 10);
    }

    @Test
    void readsTheVendorsReportsWithNumbersInE164AndTheHandsetTimeInChinaTime() {
        ParsedPush parsed = parse("""
                [{"user_receive_time":"2026-12-07 10:00:05","nationcode":"86","mobile":"13800138000",
                  "report_status":"SUCCESS","errmsg":"DELIVRD","description":"用户短信送达成功",
                  "sid":"2433:329128339916713151","ext":"ledger-1"},
                 {"user_receive_time":"2026-12-07 10:00:06","nationcode":"852","mobile":"91234567",
                  "report_status":"FAIL","errmsg":"MK:0001","description":"","sid":"2019:-7031588818818998939"}]""");

        assertThat(parsed.invalid()).isZero();
        assertThat(parsed.receipts()).containsExactly(
                new Receipts.Receipt("tencent-main", "2433:329128339916713151", "+8613800138000", true, "DELIVRD",
                        "用户短信送达成功", Instant.parse("2026-12-07T02:00:05Z")),
                new Receipts.Receipt("tencent-main", "2019:-7031588818818998939", "+85291234567", false, "MK:0001",
                        null, Instant.parse("2026-12-07T02:00:06Z")));
    }

    @Test
    void takesAReportWithoutTheOptionalFields() {
        ParsedPush parsed = parse("""
                [{"nationcode":"86","mobile":"13800138000","report_status":"FAIL","sid":"1:2","errmsg":null,
                  "ext":{"anything":["goes"]}}]""");

        assertThat(parsed.receipts()).containsExactly(
                new Receipts.Receipt("tencent-main", "1:2", "+8613800138000", false, null, null, null));
    }

    @Test
    void leavesOutReportsWithAFieldThatFailsItsCheckAndKeepsTheRest() {
        ParsedPush parsed = parse("""
                [{"nationcode":"+86","mobile":"13800138000","report_status":"SUCCESS","sid":"1:2"},
                 {"nationcode":"86","mobile":"138 0013 8000","report_status":"SUCCESS","sid":"1:2"},
                 {"nationcode":"86","mobile":"13800138000","report_status":"DELIVERED","sid":"1:2"},
                 {"nationcode":"86","mobile":"13800138000","report_status":"SUCCESS","sid":"1 OR 1=1"},
                 {"nationcode":"86","mobile":"13800138000","report_status":"SUCCESS","sid":"1:2","description":"a\\nb"},
                 {"nationcode":"86","mobile":"13800138000","report_status":"SUCCESS","sid":"1:2",
                  "user_receive_time":"2026-12-07T10:00:05"},
                 {"nationcode":"8613","mobile":"80013800012345","report_status":"SUCCESS","sid":"1:2"},
                 {"nationcode":86,"mobile":"13800138000","report_status":"SUCCESS","sid":"1:2"},
                 "not an object",
                 {"nationcode":"86","mobile":"13800138000","report_status":"SUCCESS","sid":"1:2"}]""");

        assertThat(parsed.receipts()).singleElement().extracting(Receipts.Receipt::recipientKey)
                .isEqualTo("+8613800138000");
        assertThat(parsed.invalid()).isEqualTo(9);
    }

    @Test
    void refusesABodyThatIsNotAnArrayOrCarriesTooManyReports() {
        assertThatThrownBy(() -> parse("[{\"sid\":")).isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> parse("{\"sid\":\"1:2\",\"mobile\":\"13800138000\"}"))
                .isInstanceOf(MalformedPush.class);
        String eleven = "[" + ",{}".repeat(11).substring(1) + "]";
        assertThatThrownBy(() -> parse(eleven)).isInstanceOfSatisfying(MalformedPush.class,
                e -> assertThat(e.tooMany).isTrue());
    }

    @Test
    void answersInTheShapeTheVendorReads() {
        assertThat(FORMAT.type()).isEqualTo("tencent");
        assertThat(FORMAT.accepted()).isEqualTo("{\"result\":0,\"errmsg\":\"OK\"}");
        assertThat(FORMAT.refused(400, "not a JSON array"))
                .isEqualTo("{\"result\":400,\"errmsg\":\"not a JSON array\"}");
    }
}
