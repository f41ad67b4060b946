package io.smsnotifier.worker.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

    @Test
    void writesLineBreaksAndOtherControlCharactersAsEscapes() {
        assertThat(LogSafe.text("a\r\nb\tc\u2028d\u202ee")).isEqualTo("a\\u000d\\u000ab\\u0009c\\u2028d\\u202ee");
    }

    @Test
    void leavesOrdinaryTextIncludingChineseAlone() {
        assertThat(LogSafe.text("审批 SMS_APPROVAL 'ok'")).isEqualTo("审批 SMS_APPROVAL 'ok'");
        assertThat(LogSafe.key(null)).isNull();
    }

    @Test
    void shortensLongValuesAndSaysHowLongTheyWere() {
        assertThat(LogSafe.key("k".repeat(6_000))).isEqualTo("k".repeat(120) + "...(6000 chars)");
    }
}
