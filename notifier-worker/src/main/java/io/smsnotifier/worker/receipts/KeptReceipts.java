package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies receipts that came before their send was settled, once it is: a sweep of {@code early_receipts} every
 * {@code notifier.receipts.early-sweep} (1 s). A sweep rather than a hook in the delivery round keeps the round's hot
 * path as it is, costs one indexed query a second when nothing waits, and works whichever instance settled the row.
 */
@Component
class KeptReceipts {

    private static final Logger log = LoggerFactory.getLogger(KeptReceipts.class);
    private static final int BATCH = 1_000;

    private final Receipts receipts;
    private final ReceiptProperties properties;

    KeptReceipts(Receipts receipts, ReceiptProperties properties) {
        this.receipts = receipts;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${notifier.receipts.early-sweep:1s}", initialDelayString = "PT1S")
    void sweep() {
        try {
            Receipts.Tally tally = receipts.applyKept(properties.earlyHold(), BATCH);
            if (tally.applied() + tally.duplicates() + tally.unmatched() > 0) {
                log.info("early receipts applied={} duplicates={} dropped={} waiting={}", tally.applied(),
                        tally.duplicates(), tally.unmatched(), tally.early());
            }
        } catch (RuntimeException e) {
            log.warn("early receipts not applied reason={}", e.getClass().getSimpleName());
        }
    }
}
