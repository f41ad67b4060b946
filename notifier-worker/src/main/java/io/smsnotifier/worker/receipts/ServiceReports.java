package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.HandsetReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Applies the handset reports a service gives from inside the worker (the sandbox's), on the thread that publishes
 * them, as {@link ReceiptsController} applies a push: the same ledger, counters and early-receipt keeping. A report
 * that comes before its send is settled is kept and applied by {@link KeptReceipts} once it is, so the publisher
 * need not know when the delivery round lets go of the row. Thread-safe.
 */
@Component
class ServiceReports {

    private static final Logger log = LoggerFactory.getLogger(ServiceReports.class);

    private final Receipts receipts;
    private final ReceiptProperties properties;

    ServiceReports(Receipts receipts, ReceiptProperties properties) {
        this.receipts = receipts;
        this.properties = properties;
    }

    @EventListener
    void apply(HandsetReports reports) {
        List<Receipts.Receipt> given = reports.reports().stream().map(report -> new Receipts.Receipt(report.service(),
                report.messageId(), report.phone(), report.delivered(), report.code(), report.message(),
                report.handsetAt())).toList();
        try {
            Receipts.Tally tally = receipts.apply(given, properties.earlyMax());
            log.debug("service reports={} applied={} duplicates={} early={} unmatched={}", given.size(),
                    tally.applied(), tally.duplicates(), tally.early(), tally.unmatched());
        } catch (RuntimeException e) {
            // No one retries these (the sandbox is no vendor): the rows stay SENT, which is still true.
            log.warn("service reports not applied count={} reason={}", given.size(), e.getClass().getSimpleName());
        }
    }
}
