package io.smsnotifier.worker.receipts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code notifier.receipts.*}: where the vendors reach the worker and how much a push may carry.
 *
 * @param baseUrl    the worker's address as the vendors see it (behind a proxy: {@code https://sms.example.com});
 *                   null: taken from the request that asks for the receipt address
 * @param maxBody    a push's body; a larger one is answered 413
 * @param maxReports reports in one push; more is answered 413
 * @param earlyHold  how long a receipt that came before its send was settled is kept for it; then it is dropped
 * @param earlyMax   at most this many such receipts are kept (a flood of forged ones cannot fill the database)
 * @param earlySweep how often the kept ones are tried again (read by {@link KeptReceipts}'s schedule)
 * @param maxConcurrentPushes pushes taken at once by one instance; one more is answered 503 (the vendors retry), so
 *                   that a flood of pushes, forged or not, cannot take every database connection
 * @param allowedSources by service type, the address ranges its pushes may come from (Tencent Cloud publishes its
 *                   callback addresses); a type not named takes pushes from anywhere. Others are answered 404
 * @param resendUndeliveredLoginCodes a login code reported undelivered while still valid is sent once more through
 *                   the next service in rotation (read by {@code delivery}'s {@code UndeliveredCodes}; needs
 *                   {@code notifier.secrets.key}: each code is kept sealed until it expires)
 */
@Validated
@ConfigurationProperties("notifier.receipts")
record ReceiptProperties(@Nullable URI baseUrl,
                         @DefaultValue("1MB") @NotNull DataSize maxBody,
                         @DefaultValue("1000") @Min(1) @Max(100_000) int maxReports,
                         @DefaultValue("10m") @NotNull Duration earlyHold,
                         @DefaultValue("10000") @Min(0) int earlyMax,
                         @DefaultValue("1s") @NotNull Duration earlySweep,
                         @DefaultValue("8") @Min(1) @Max(1_000) int maxConcurrentPushes,
                         @DefaultValue Map<String, List<String>> allowedSources,
                         @DefaultValue("false") boolean resendUndeliveredLoginCodes) {
}
