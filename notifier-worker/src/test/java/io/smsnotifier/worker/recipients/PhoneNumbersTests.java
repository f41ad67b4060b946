package io.smsnotifier.worker.recipients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PhoneNumbersTests {

    private final PhoneNumbers phones = new PhoneNumbers(new PhoneProperties("CN"));

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            13800138000          | +8613800138000
            138 0013 8000        | +8613800138000
            138-0013-8000        | +8613800138000
            ' 138 0013 8000 '    | +8613800138000
            +8613800138000       | +8613800138000
            +86 138 0013 8000    | +8613800138000
            +86-138-0013-8000    | +8613800138000
            8613800138000        | +8613800138000
            86 138 0013 8000     | +8613800138000
            86-138-0013-8000     | +8613800138000
            0086 138 0013 8000   | +8613800138000
            008613800138000      | +8613800138000
            +1 650 253 0000      | +16502530000
            +1 (650) 253-0000    | +16502530000
            +44 20 7946 0958     | +442079460958
            """)
    void normalisesNumbersAsPeopleWriteThemToE164(String raw, String e164) {
        PhoneNumbers.Normalised normalised = phones.normalise(raw);

        assertThat(normalised.valid()).isTrue();
        assertThat(normalised.e164()).isEqualTo(e164);
        assertThat(normalised.problem()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "123", "1380013800", "138001380000", "+86 123", "86", "+", "call me"})
    void reportsInvalidNumbers(String raw) {
        PhoneNumbers.Normalised normalised = phones.normalise(raw);

        assertThat(normalised.valid()).isFalse();
        assertThat(normalised.e164()).isNull();
        assertThat(normalised.problem()).isEqualTo("invalid phone number");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void reportsMissingNumbers(String raw) {
        PhoneNumbers.Normalised normalised = phones.normalise(raw);

        assertThat(normalised.valid()).isFalse();
        assertThat(normalised.e164()).isNull();
        assertThat(normalised.problem()).isEqualTo("no phone number");
    }

    @Test
    void readsNumbersWithoutCountryCodeInTheDefaultRegion() {
        PhoneNumbers british = new PhoneNumbers(new PhoneProperties("GB"));

        assertThat(british.normalise("020 7946 0958").e164()).isEqualTo("+442079460958");
        assertThat(british.normalise("+86 138 0013 8000").e164()).isEqualTo("+8613800138000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "ZZ", "cn"})
    void refusesARegionLibphonenumberDoesNotKnow(String region) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PhoneNumbers(new PhoneProperties(region)))
                .withMessageContaining("notifier.phone.default-region")
                .withMessageContaining(region);
    }
}
