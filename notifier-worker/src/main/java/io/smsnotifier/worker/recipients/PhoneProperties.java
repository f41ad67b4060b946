package io.smsnotifier.worker.recipients;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code notifier.phone.*}: the region assumed for numbers written without a country code. */
@Validated
@ConfigurationProperties("notifier.phone")
record PhoneProperties(@DefaultValue("CN") @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 region such as CN")
                       String defaultRegion) {
}
