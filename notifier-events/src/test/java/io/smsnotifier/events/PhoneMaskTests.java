package io.smsnotifier.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneMaskTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+8613900139000, +86139****9000",
            "13800138000, 138****8000",
            "+8613800138000, +86138****8000"})
    void keepsPrefixAndLastFourDigits(String phone, String masked) {
        assertThat(PhoneMask.mask(phone)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"1234", "12345678", "+861234567"})
    void neverShowsMoreThanTheLastFourDigitsOfShortNumbers(String phone) {
        String masked = PhoneMask.mask(phone);

        assertThat(masked).contains("****").doesNotContain(phone);
        assertThat(masked.replace("****", "").replace("+", "").length()).isLessThanOrEqualTo(phone.length() - 4);
    }

    @Test
    void leavesNullNull() {
        assertThat(PhoneMask.mask(null)).isNull();
    }
}
