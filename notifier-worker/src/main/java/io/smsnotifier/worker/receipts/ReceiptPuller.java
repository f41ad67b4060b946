package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.ReceiptPulls;
import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.PulledReport;
import io.smsnotifier.worker.providers.SentMessage;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the vendors for the handset reports that no push brought, for the services set to {@code receipts: pull} or
 * {@code both}: a worker the vendor cannot reach, or pushes that got lost. Every {@code pull-every} (1 min), per
 * service, it marks the rows past {@code pull-horizon} "no receipt", claims the oldest due rows (at most
 * {@code pull-budget}; see {@link ReceiptPulls}), asks the vendor with the service's version they went out with,
 * and hands the final reports to {@link Receipts#apply}: the same matching, repeats and publishing as a push.
 * <p>
 * Instances share the work through the claim (each row asked by one, at most every {@code pull-after}); a failed
 * question leaves its rows to the next run after {@code pull-after}. A sweep rather than a timer per row: one indexed
 * query per service a run, whatever the traffic, and nothing to lose when an instance stops.
 */
@Component
class ReceiptPuller {

    private static final Logger log = LoggerFactory.getLogger(ReceiptPuller.class);
    /** Rows marked "no receipt" per service per run: the backlog of a long stop is worked off in steps. */
    private static final int MARK_BATCH = 1_000;

    private final SmsServices services;
    private final ReceiptPulls pulls;
    private final Receipts receipts;
    private final PullProperties properties;

    ReceiptPuller(SmsServices services, ReceiptPulls pulls, Receipts receipts, PullProperties properties) {
        this.services = services;
        this.pulls = pulls;
        this.receipts = receipts;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${notifier.receipts.pull-every:1m}", initialDelayString = "PT5S")
    void pull() {
        for (String service : services.pulledServices()) {
            try {
                pull(service);
            } catch (RuntimeException e) {
                // The class only: a message could quote a number.
                log.warn("receipt pull failed service={} reason={}", LogSafe.key(service),
                        e.getClass().getSimpleName());
            }
        }
    }

    private void pull(String service) {
        int marked = pulls.markNoReceipt(service, properties.pullHorizon(), MARK_BATCH);
        List<ReceiptPulls.Due> due = pulls.claim(service, properties.pullAfter(), properties.pullHorizon(),
                properties.pullBudget());
        if (due.isEmpty()) {
            if (marked > 0) {
                log.info("receipts pulled service={} noReceipt={}", LogSafe.key(service), marked);
            }
            return;
        }
        List<Receipts.Receipt> reports = new ArrayList<>();
        for (Map.Entry<@Nullable Long, List<ReceiptPulls.Due>> version : byRevision(due).entrySet()) {
            List<SentMessage> messages = version.getValue().stream()
                    .map(row -> new SentMessage(row.phone(), row.messageId(), row.sentAt())).toList();
            for (PulledReport report : services.pullReports(service, version.getKey(), messages)) {
                reports.add(new Receipts.Receipt(service, report.messageId(), report.phone(), report.delivered(),
                        report.code(), report.message(), report.handsetAt()));
            }
        }
        // Nothing is kept as early: every row asked about was SENT and published when it was claimed.
        Receipts.Tally tally = reports.isEmpty() ? new Receipts.Tally(0, 0, 0, 0) : receipts.apply(reports, 0);
        log.info("receipts pulled service={} asked={} applied={} duplicates={} unmatched={} noReceipt={}",
                LogSafe.key(service), due.size(), tally.applied(), tally.duplicates(),
                tally.unmatched() + tally.early(), marked);
    }

    /** The rows by the service version they went out with: each version is asked with its own settings. */
    private static Map<@Nullable Long, List<ReceiptPulls.Due>> byRevision(List<ReceiptPulls.Due> due) {
        Map<@Nullable Long, List<ReceiptPulls.Due>> byRevision = new LinkedHashMap<>();
        for (ReceiptPulls.Due row : due) {
            byRevision.computeIfAbsent(row.revision(), key -> new ArrayList<>()).add(row);
        }
        return byRevision;
    }
}
