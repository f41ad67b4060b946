package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.DatabaseErrors;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.instances.Instances;
import io.smsnotifier.worker.logincode.LoginCodePolicy;
import io.smsnotifier.worker.recipients.Recipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers one round of events, all of one lane, together: one ledger claim, one round of vendor queries about
 * rows in doubt, one login-code admission, the vendor requests in flight at once, one settle, one outcome
 * publish, one release of the claims. Thread-safe.
 */
@Component
class RoundDelivery {

    private static final Logger log = LoggerFactory.getLogger(RoundDelivery.class);

    private final Deliveries deliveries;
    private final InDoubtQueries inDoubt;
    private final LoginCodePolicy loginCodes;
    private final Sending sending;
    private final RequestsInFlight inFlight;
    private final SettledOutcomes settledOutcomes;
    private final Instances instances;
    private final DeliveryProperties properties;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    RoundDelivery(Deliveries deliveries, InDoubtQueries inDoubt, LoginCodePolicy loginCodes, Sending sending,
                  RequestsInFlight inFlight, SettledOutcomes settledOutcomes, Instances instances,
                  DeliveryProperties properties, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.inDoubt = inDoubt;
        this.loginCodes = loginCodes;
        this.sending = sending;
        this.inFlight = inFlight;
        this.settledOutcomes = settledOutcomes;
        this.instances = instances;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Delivers the round into {@code results} (by job index). Returns false, with no result set, when a round of
     * several events failed as a whole on a database statement, for the caller to deliver its events one at a
     * time.
     */
    boolean deliver(List<Job> round, DeliveryPipeline.Result[] results) {
        Lane lane = round.getFirst().request.lane();
        RoundTimer timer = new RoundTimer(meters, round.getFirst().request.kind());
        inFlight.roundStarts(lane);
        // Written rows this round claimed, by id: released at the end unless settled.
        Map<Long, LedgerRow> held = new HashMap<>();
        boolean splitUp = false;
        // Once requests have gone out, the round is settled as it stands: going again event by event could only
        // resend what is in doubt.
        boolean requestsOut = false;
        try {
            claim(round, held);
            timer.lap("claim");
            List<Job> live = triage(round, results);
            admit(live);
            timer.lap("admit");
            requestsOut = true;
            sending.sendAll(lane, live);
            timer.lap("send");
            settleAndPublish(live, timer);
            for (Job job : live) {
                results[job.index] = new DeliveryPipeline.Result(job.request, List.copyOf(job.published), job.failure());
            }
        } catch (RuntimeException e) {
            if (round.size() > 1 && !requestsOut && DatabaseErrors.causedByAValue(e)) {
                splitUp = true;
                log.warn("a round of {} events failed on a database statement, delivering them one at a time: {} "
                        + "SQLSTATE {}", round.size(), e.getClass().getSimpleName(), DatabaseErrors.sqlState(e));
            } else {
                for (Job job : round) {
                    if (results[job.index] == null) {
                        results[job.index] = new DeliveryPipeline.Result(job.request, List.of(), e);
                    }
                }
            }
        } finally {
            inFlight.roundEnds(lane);
            try {
                // Settled rows were let go as they were settled; what is left is still owed or in doubt.
                for (Job job : round) {
                    if (!job.marked.isEmpty()) {
                        job.ledger.values().stream().filter(entry -> job.marked.contains(entry.id()))
                                .forEach(entry -> held.put(entry.id(), job.heldRow(entry)));
                    }
                    job.written.forEach(held::remove);
                }
                deliveries.release(held.values());
                timer.lap("release");
                timer.done(round.size());
            } catch (RuntimeException e) {
                // The claims then run out with their lease; a retry of the same record holds them anyway.
                log.warn("could not release ledger claims of {} event(s): {}", round.size(), e.toString());
            }
        }
        inFlight.restAfter(lane, timer.elapsedNanos());
        return !splitUp;
    }

    private void claim(List<Job> round, Map<Long, LedgerRow> held) {
        Map<String, Map<String, LedgerEntry>> ledger = deliveries.claim(round.stream().map(job -> job.claim).toList(),
                properties.claimLease(), instances.expiry());
        for (Job job : round) {
            job.ledger = ledger.getOrDefault(job.request.eventId(), Map.of());
            job.ledger.values().stream()
                    .filter(entry -> entry.written() && entry.claimedHere() && !entry.settled())
                    .forEach(entry -> held.put(entry.id(), job.heldRow(entry)));
        }
    }

    /** Sorts every job's recipients; returns the jobs still live (a job that failed here has its result). */
    private List<Job> triage(List<Job> round, DeliveryPipeline.Result[] results) {
        List<InDoubtQueries.InDoubt> rows = new ArrayList<>();
        for (Job job : round) {
            for (Recipient recipient : job.recipients) {
                LedgerEntry entry = job.ledger.get(recipient.key());
                if (entry != null && !entry.settled() && entry.claimedHere() && entry.inDoubt()) {
                    rows.add(new InDoubtQueries.InDoubt(entry, recipient.phone()));
                }
            }
        }
        Map<Long, Optional<Boolean>> vendorSays = inDoubt.ask(rows);
        List<Job> live = new ArrayList<>();
        for (Job job : round) {
            try {
                job.take(Triage.plan(job.request, job.message, job.recipients, job.ledger, vendorSays,
                        properties.unknownPolicy(), clock.instant()), clock.instant());
                live.add(job);
            } catch (RuntimeException e) {
                results[job.index] = new DeliveryPipeline.Result(job.request, List.of(), e);
            }
        }
        return live;
    }

    /** Checks and counts the round's login codes against the per-number limits, in one transaction. */
    private void admit(List<Job> jobs) {
        List<LoginCodePolicy.Admission> admissions = new ArrayList<>();
        for (Job job : jobs) {
            job.toAdmit.forEach(recipient -> admissions.add(
                    new LoginCodePolicy.Admission(job.request.eventId(), recipient.phone(), job.claim.channel())));
        }
        if (admissions.isEmpty()) {
            return;
        }
        Map<String, LoginCodePolicy.Refusal> refusals = loginCodes.admit(admissions);
        for (Job job : jobs) {
            LoginCodePolicy.Refusal refusal = refusals.get(job.request.eventId());
            for (Recipient recipient : job.toAdmit) {
                if (refusal == null) {
                    job.owedByPhone.put(recipient.phone(), recipient);
                } else {
                    job.settle(recipient, job.ledger.get(recipient.key()), refusal.rateLimited()
                                    ? DeliveryStatus.RATE_LIMITED : DeliveryStatus.FAILED, null, null,
                            ErrorCode.INVALID_REQUEST, null, refusal.reason(), clock.instant());
                }
            }
        }
    }

    /**
     * Publishes what was not settled as answers came in (outcomes reached without sending, answers whose write
     * failed) and the outcomes to publish again, then settles their rows: one publish and one statement for the
     * round.
     */
    private void settleAndPublish(List<Job> live, RoundTimer timer) {
        List<Job.Settled> settled = new ArrayList<>();
        List<SmsDelivered> republished = new ArrayList<>();
        List<LedgerRow> republishedRows = new ArrayList<>();
        for (Job job : live) {
            job.settled.stream().filter(outcome -> !job.written.contains(outcome.settlement().ledgerId()))
                    .forEach(settled::add);
            job.republished.forEach(entry -> republishedRows.add(job.heldRow(entry)));
            republished.addAll(job.republishedOutcomes);
        }
        TransientDeliveryFailure notPublished = settledOutcomes.publishAndSettle(settled, republished, null);
        for (Job job : live) {
            job.settled.forEach(outcome -> job.written.add(outcome.settlement().ledgerId()));
        }
        timer.lap("settle");
        if (notPublished != null) {
            throw notPublished;
        }
        if (!republishedRows.isEmpty()) {
            deliveries.markPublished(republishedRows);
            timer.lap("mark-published");
        }
    }
}
