package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliyunReportsTests {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static ParsedPush parse(String body) {
        return new AliyunReports(JSON).parse(body.getBytes(StandardCharsets.UTF_8), "aliyun-main", 4);
    }

    @Test
    void readsTheVendorsReportsWithNumbersInE164AndTheHandsetTimeInChinaTime() {
        ParsedPush parsed = parse("""
                [{"phone_number":"13800138000","send_time":"2026-12-07 10:00:00","report_time":"2026-12-07 10:00:05",
                  "success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"9^0","out_id":"x"},
                 {"phone_number":"85291234567","report_time":"2026-12-07 10:00:06","success":false,
                  "err_code":"MK:0001","err_msg":"","biz_id":"9^0"}]""");

        assertThat(parsed.invalid()).isZero();
        assertThat(parsed.receipts()).containsExactly(
                new Receipts.Receipt("aliyun-main", "9^0", "+8613800138000", true, "DELIVERED", "用户接收成功",
                        Instant.parse("2026-12-07T02:00:05Z")),
                new Receipts.Receipt("aliyun-main", "9^0", "+85291234567", false, "MK:0001", null,
                        Instant.parse("2026-12-07T02:00:06Z")));
    }

    @Test
    void leavesOutReportsWithAFieldThatFailsItsCheckAndKeepsTheRest() {
        ParsedPush parsed = parse("""
                [{"phone_number":"+8613800138000","success":true,"biz_id":"1^0"},
                 {"phone_number":"13800138000","success":"yes","biz_id":"1^0"},
                 {"phone_number":"13800138000","success":true,"biz_id":"1^0","err_msg":"a\\nb"},
                 "not an object"]""");

        assertThat(parsed.receipts()).isEmpty();
        assertThat(parsed.invalid()).isEqualTo(4);
    }

    @Test
    void refusesABodyThatIsNotAnArrayOrCarriesTooManyReports() {
        assertThatThrownBy(() -> parse("[{\"phone_number\":")).isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> parse("{\"phone_number\":\"13800138000\"}"))
                .isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> parse("[{},{},{},{},{}]")).isInstanceOfSatisfying(MalformedPush.class,
                e -> assertThat(e.tooMany).isTrue());
    }

    @Test
    void writesMainlandNumbersWithTheirCountryCode() {
        assertThat(AliyunReports.e164("13912345678")).isEqualTo("+8613912345678");
        assertThat(AliyunReports.e164("8613912345678")).isEqualTo("+8613912345678");
        assertThat(AliyunReports.e164("6591234567")).isEqualTo("+6591234567");
    }
}
