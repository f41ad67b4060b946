package io.smsnotifier.worker.delivery;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.receipts.alert-*}: when a service's handset delivery rate is worth a warning. A record of its own
 * under the receipts' prefix (the receipts module's {@code ReceiptProperties} ignores these keys, as this one
 * ignores its): the rate is the ledger's, read here, while the pushes are that module's.
 *
 * @param alertBelow       a service in rotation whose delivery rate (DELIVERED / receipts, 0 to 1) over the last
 *                         hour is below this is in alert ...
 * @param alertMinReceipts ... when it had at least this many receipts in the hour: a few failures of a quiet
 *                         service say little
 */
@Validated
@ConfigurationProperties("notifier.receipts")
record ReceiptAlertProperties(@DefaultValue("0.9") @DecimalMin("0") @DecimalMax("1") double alertBelow,
                              @DefaultValue("20") @Min(1) int alertMinReceipts) {
}
