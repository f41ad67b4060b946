package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes outcomes final: the outcome goes on {@code sms.delivery} first, then one write settles its ledger row, lets
 * the claim go and records that the outcome is out. Publishing first is what saves the ledger a write per number:
 * a crash in between leaves the row open, and the event's next attempt settles it (asking the vendor when the
 * request left) and publishes the outcome once more — consumers key outcomes on (event id, phone, status). A
 * receipt for the row waits until the settle (it keeps early receipts), so the handset report never reaches
 * {@code sms.delivery} before the outcome it reports on. Thread-safe.
 */
@Component
class SettledOutcomes {

    private static final Logger log = LoggerFactory.getLogger(SettledOutcomes.class);

    private final Deliveries deliveries;
    private final OutcomePublisher outcomes;
    private final UndeliveredCodes undeliveredCodes;
    /**
     * The outcomes of requests answered together go out in one publish, from one thread: a send to the producer
     * from each of a hundred request threads at once cost four times the CPU (the producer's queues are locked per
     * partition). Login codes have their own, so that a code never waits behind a large approval's outcomes.
     */
    private final GroupWriter<List<SmsDelivered>, Void> loginCodePublishes;
    private final GroupWriter<List<SmsDelivered>, Void> bulkPublishes;

    SettledOutcomes(Deliveries deliveries, OutcomePublisher outcomes, UndeliveredCodes undeliveredCodes) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.undeliveredCodes = undeliveredCodes;
        this.loginCodePublishes = new GroupWriter<>(this::publishAll);
        this.bulkPublishes = new GroupWriter<>(this::publishAll);
    }

    private @Nullable Void publishAll(List<List<SmsDelivered>> lists) {
        outcomes.publish(lists.stream().flatMap(List::stream).toList());
        return null;
    }

    /**
     * Publishes {@code settled} and {@code alsoPublished} (outcomes of rows settled earlier), then settles the rows
     * of {@code settled} — with a statement shared with concurrent callers when {@code lane} is given. When the
     * outcomes could not be published the rows are settled all the same, saying so, and the failure is returned:
     * the event must go again for its outcomes to go out.
     *
     * @return the publish failure, or null
     * @throws RuntimeException when the settle failed (the rows stay open; nothing was lost that the next attempt
     *                          cannot find again)
     */
    @Nullable TransientDeliveryFailure publishAndSettle(List<Job.Settled> settled, List<SmsDelivered> alsoPublished,
                                                        @Nullable Lane lane) {
        if (settled.isEmpty() && alsoPublished.isEmpty()) {
            return null;
        }
        // Before the outcomes go out: a receipt can only come for a row whose SENT outcome is out.
        undeliveredCodes.keep(settled);
        List<SmsDelivered> all = new ArrayList<>(settled.size() + alsoPublished.size());
        settled.forEach(outcome -> all.add(outcome.outcome()));
        all.addAll(alsoPublished);
        TransientDeliveryFailure failure = null;
        try {
            if (lane == null) {
                outcomes.publish(all);
            } else {
                (lane == Lane.LOGIN_CODE ? loginCodePublishes : bulkPublishes).write(all);
            }
        } catch (TransientDeliveryFailure e) {
            log.warn("{} outcome(s) not published, settled as not published for the next attempt: {}", all.size(),
                    e.getMessage());
            failure = e;
        }
        boolean published = failure == null;
        List<Deliveries.Settlement> settlements = settled.stream()
                .map(outcome -> outcome.settlement().published(published)).toList();
        if (settlements.isEmpty()) {
            return failure;
        }
        if (lane == null) {
            deliveries.settle(settlements);
        } else {
            deliveries.settleNow(settlements, lane);
        }
        return failure;
    }
}
