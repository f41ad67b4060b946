package io.smsnotifier.worker.logincode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * {@code notifier.login-code.*}.
 *
 * @param limits                 codes one phone may receive per minute, hour and day (0: no limit)
 * @param allowedCountryCodes    calling codes login codes may go to ({@code [86, 852]}); empty allows all. Guards
 *                               against SMS pumping through the login form
 */
@Validated
@ConfigurationProperties("notifier.login-code")
record LoginCodeProperties(@DefaultValue @Valid Limits limits, List<Integer> allowedCountryCodes) {

    LoginCodeProperties {
        allowedCountryCodes = allowedCountryCodes == null ? List.of() : List.copyOf(allowedCountryCodes);
    }

    record Limits(@DefaultValue("1") @PositiveOrZero int perMinute, @DefaultValue("5") @PositiveOrZero int perHour,
                  @DefaultValue("10") @PositiveOrZero int perDay) {
    }
}
