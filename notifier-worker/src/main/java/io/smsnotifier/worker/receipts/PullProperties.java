package io.smsnotifier.worker.receipts;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.receipts.pull-*}: how the handset reports of services set to {@code receipts: pull} or
 * {@code both} are asked for ({@link ReceiptPuller}). Apart from {@link ReceiptProperties}, under the same prefix,
 * so that the push's settings and these change independently.
 *
 * @param pullAfter   a row is asked about once it is this old, and again at most this often: the vendors report
 *                    most messages within a minute, and a question asked too early is a request spent
 * @param pullHorizon a row still without a report this long after it was made is marked "no receipt" and not asked
 *                    again (Alibaba Cloud lists 30 days back, Tencent Cloud 7: at most 7 days)
 * @param pullBudget  at most this many messages asked about per service per run (each costs about one request)
 * @param pullEvery   how often a run starts (read by {@link ReceiptPuller}'s schedule)
 */
@Validated
@ConfigurationProperties("notifier.receipts")
record PullProperties(@DefaultValue("5m") @NotNull Duration pullAfter,
                      @DefaultValue("72h") @NotNull Duration pullHorizon,
                      @DefaultValue("50") @Min(1) @Max(10_000) int pullBudget,
                      @DefaultValue("1m") @NotNull Duration pullEvery) {

    PullProperties {
        if (pullHorizon.compareTo(pullAfter) <= 0 || pullHorizon.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("notifier.receipts.pull-horizon must be longer than pull-after and "
                    + "at most 7 days (Tencent Cloud keeps reports 7 days)");
        }
    }
}
