package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the vendors' handset reports to the ledger: a {@code SENT} row becomes {@code DELIVERED} or
 * {@code UNDELIVERED} once, and an {@link SmsDelivered} with the new status goes to {@code sms.delivery}. Each call is
 * one transaction that publishes before it commits: an outcome that the broker did not take rolls the change back
 * (the vendor retries, or the next sweep does), so a changed row always has its record out, at least once.
 * <p>
 * A receipt may come before its send is settled and its {@code SENT} outcome published (the vendor answers the
 * push path faster than our settle): it is kept in {@code early_receipts} and {@link #applyKept} applies it later.
 * Thread-safe.
 */
@Service
public class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final ReceiptLedger ledger;
    private final OutcomePublisher outcomes;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;
    private final UndeliveredCodes undeliveredCodes;
    private final Clock clock;

    Receipts(ReceiptLedger ledger, OutcomePublisher outcomes, TransactionTemplate transaction, MeterRegistry meters,
             UndeliveredCodes undeliveredCodes) {
        this.ledger = ledger;
        this.undeliveredCodes = undeliveredCodes;
        this.outcomes = outcomes;
        this.transaction = transaction;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * One handset report, as checked by the endpoint that took it.
     *
     * @param recipientKey the E.164 number, as the ledger keys it
     * @param code         the vendor's code ({@code DELIVERED}, {@code MK:0001}), or null
     * @param handsetAt    when the handset got it (or the carrier gave up), or null when the vendor did not say
     */
    public record Receipt(String service, String bizId, String recipientKey, boolean delivered, @Nullable String code,
                         @Nullable String message, @Nullable Instant handsetAt) {

        DeliveryStatus status() {
            return delivered ? DeliveryStatus.DELIVERED : DeliveryStatus.UNDELIVERED;
        }
    }

    /** What became of a push's receipts. */
    public record Tally(int applied, int duplicates, int early, int unmatched) {
    }

    /**
     * Applies {@code receipts}; ones whose send is not settled yet are kept while fewer than {@code maxKept} are.
     *
     * @throws RuntimeException when the database or the broker fails: nothing changed, the caller answers so that
     *                          the vendor retries
     */
    public Tally apply(List<Receipt> receipts, int maxKept) {
        Tally tally = transaction.execute(status -> {
            Outcome outcome = changeAndPublish(receipts);
            List<Receipt> early = new ArrayList<>();
            int duplicates = outcome.repeats.size();
            int unmatched = 0;
            for (Map.Entry<Integer, ReceiptLedger.Verdict> verdict : ledger.classify(outcome.rest).entrySet()) {
                switch (verdict.getValue()) {
                    case DUPLICATE -> duplicates++;
                    case EARLY -> early.add(outcome.rest.get(verdict.getKey()));
                    case UNMATCHED -> unmatched++;
                }
            }
            int kept = ledger.keep(early, maxKept);
            return new Tally(outcome.changed, duplicates, kept, unmatched + early.size() - kept);
        });
        count(tally);
        return tally;
    }

    /**
     * Applies the kept receipts whose rows are now {@code SENT} and published; drops those that turned out to be
     * repeats or about nothing, and those kept longer than {@code hold}.
     *
     * @return what became of them; applied, duplicates and unmatched ones are gone, early ones still kept
     */
    public Tally applyKept(Duration hold, int batch) {
        Tally tally = transaction.execute(status -> {
            List<ReceiptLedger.Kept> kept = ledger.takeKept(batch);
            if (kept.isEmpty()) {
                return new Tally(0, 0, 0, 0);
            }
            List<Receipt> receipts = kept.stream().map(ReceiptLedger.Kept::receipt).toList();
            Outcome outcome = changeAndPublish(receipts);
            // Everything but receipts still early and within the hold goes: applied ones and their repeats too.
            Set<Receipt> waiting = new HashSet<>();
            int duplicates = outcome.repeats.size();
            int unmatched = 0;
            for (Map.Entry<Integer, ReceiptLedger.Verdict> verdict : ledger.classify(outcome.rest).entrySet()) {
                switch (verdict.getValue()) {
                    case DUPLICATE -> duplicates++;
                    case EARLY -> waiting.add(outcome.rest.get(verdict.getKey()));
                    case UNMATCHED -> unmatched++;
                }
            }
            List<Long> drop = new ArrayList<>();
            int stillEarly = 0;
            for (ReceiptLedger.Kept one : kept) {
                if (!waiting.contains(one.receipt())) {
                    drop.add(one.id());
                } else if (one.receivedAt().plus(hold).isBefore(clock.instant())) {
                    drop.add(one.id());
                    unmatched++;
                } else {
                    stillEarly++;
                }
            }
            ledger.drop(drop);
            return new Tally(outcome.changed, duplicates, stillEarly, unmatched);
        });
        // Early ones were counted when they came; count only what happened to them now.
        count(new Tally(tally.applied(), tally.duplicates(), 0, tally.unmatched()));
        return tally;
    }

    /** The receipts applied, their repeats within the call, and the rest (by index, to classify). */
    private record Outcome(int changed, List<Receipt> repeats, List<Receipt> rest) {
    }

    private Outcome changeAndPublish(List<Receipt> receipts) {
        // One receipt per (service, message, number) reaches the statement, which may change a row only once.
        List<Receipt> distinct = new ArrayList<>();
        List<Receipt> repeats = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (Receipt receipt : receipts) {
            (seen.add(List.of(receipt.service(), receipt.bizId(), receipt.recipientKey())) ? distinct : repeats)
                    .add(receipt);
        }
        List<ReceiptLedger.Changed> changed = ledger.change(distinct);
        Set<Integer> applied = new HashSet<>();
        List<SmsDelivered> records = new ArrayList<>(changed.size());
        List<UndeliveredCodes.Settled> loginCodes = new ArrayList<>();
        for (ReceiptLedger.Changed row : changed) {
            applied.add(row.idx());
            Receipt receipt = distinct.get(row.idx());
            if (UndeliveredCodes.isLoginCode(row.kind())) {
                loginCodes.add(new UndeliveredCodes.Settled(new LoginCodeCopies.Key(row.service(),
                        row.providerMessageId(), receipt.recipientKey()), row.status()));
            }
            records.add(new SmsDelivered(row.eventId(), row.kind(), row.memberId(), row.phoneMasked(), row.status(),
                    row.service(), row.providerMessageId(),
                    row.status() == DeliveryStatus.DELIVERED ? null : ErrorCode.VENDOR_ERROR.code(), receipt.code(),
                    row.attempt(), row.at()));
            log.debug("receipt eventId={} phone={} service={} status={} code={}", LogSafe.key(row.eventId()),
                    row.phoneMasked(), row.service(), row.status(), LogSafe.key(receipt.code()));
            timeToHandset(row);
        }
        undeliveredCodes.settled(loginCodes);
        outcomes.publish(records);
        List<Receipt> rest = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (!applied.contains(i)) {
                rest.add(distinct.get(i));
            }
        }
        return new Outcome(changed.size(), repeats, rest);
    }

    /**
     * From the request going out to the handset (or to when we heard, when the vendor did not say); recorded
     * before the commit, so a rolled-back change may count once more when the vendor retries: a percentile can
     * afford it. Clamped at zero: the vendor's clock is not ours.
     */
    private void timeToHandset(ReceiptLedger.Changed row) {
        if (row.sentAt() != null) {
            Instant reached = row.handsetAt() != null ? row.handsetAt() : row.at();
            Duration took = Duration.between(row.sentAt(), reached);
            Timer.builder("notifier.receipts.time.to.handset").tag("service", row.service())
                    .tag("status", row.status().name()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(1))
                    .register(meters).record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    private void count(Tally tally) {
        meters.counter("notifier.receipts", "result", "applied").increment(tally.applied());
        meters.counter("notifier.receipts", "result", "duplicate").increment(tally.duplicates());
        meters.counter("notifier.receipts", "result", "early").increment(tally.early());
        meters.counter("notifier.receipts", "result", "unmatched").increment(tally.unmatched());
    }
}
