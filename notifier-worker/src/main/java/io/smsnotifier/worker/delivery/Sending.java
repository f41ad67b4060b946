package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.logincode.LoginCodeBatches;
import io.smsnotifier.worker.providers.Dispatch;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.RequestJournal;
import io.smsnotifier.worker.providers.SmsServices;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Sends a round's owed numbers through the SMS services, the round's requests in flight together
 * ({@link RequestsInFlight}), and settles each answer as it comes in. Login codes that arrived together go out in
 * batched requests where the service takes them ({@link LoginCodeBatches}). Every request is recorded in the
 * ledger as it leaves ({@link RequestJournal}). Thread-safe.
 */
@Component
class Sending {

    private static final Logger log = LoggerFactory.getLogger(Sending.class);

    private final SmsServices services;
    private final Deliveries deliveries;
    private final SettledOutcomes settledOutcomes;
    private final RequestsInFlight inFlight;
    private final DeliveryProperties properties;
    private final Clock clock = Clock.systemUTC();

    Sending(SmsServices services, Deliveries deliveries, SettledOutcomes settledOutcomes, RequestsInFlight inFlight,
            DeliveryProperties properties) {
        this.services = services;
        this.deliveries = deliveries;
        this.settledOutcomes = settledOutcomes;
        this.inFlight = inFlight;
        this.properties = properties;
    }

    /** Sends every job's owed numbers and waits for all the answers; failures stay in each job. */
    void sendAll(Lane lane, List<Job> jobs) {
        List<Job> sending = jobs.stream().filter(job -> !job.owedByPhone.isEmpty()).toList();
        if (sending.isEmpty()) {
            return;
        }
        List<Runnable> tasks = new ArrayList<>();
        if (lane == Lane.LOGIN_CODE && properties.batchLoginCodes()) {
            List<Job> alone = new ArrayList<>();
            List<Job> batchable = new ArrayList<>();
            for (Job job : sending) {
                (job.request.channel() == Channel.SMS && job.owedByPhone.size() == 1 ? batchable : alone).add(job);
            }
            LoginCodeBatches.Grouping<Job> grouping = LoginCodeBatches.group(batchable,
                    job -> Arrays.asList(job.request.templateCode(), job.request.smsService()),
                    job -> job.owedByPhone.keySet().iterator().next());
            grouping.batches().forEach(batch -> tasks.add(() -> sendBatch(lane, batch)));
            alone.addAll(grouping.alone());
            alone.forEach(job -> tasks.add(() -> send(lane, job)));
        } else {
            sending.forEach(job -> tasks.add(() -> send(lane, job)));
        }
        inFlight.runAll(lane, tasks);
    }

    /** One batched request for the batch's codes; what it leaves unsent goes one by one. */
    private void sendBatch(Lane lane, List<Job> batch) {
        List<OutgoingSms> messages = new ArrayList<>(batch.size());
        Map<String, LedgerRow> rows = new HashMap<>();
        Map<Long, Job> jobs = new HashMap<>();
        for (Job job : batch) {
            messages.add(job.outgoing(rows));
            job.ledger.values().forEach(entry -> jobs.put(entry.id(), job));
        }
        List<@Nullable Dispatch> dispatches;
        try {
            dispatches = services.sendEach(messages, batch.getFirst().request.smsService(),
                    journal(rows, id -> jobs.get(id).marked.add(id), lane));
        } catch (RuntimeException e) {
            batch.forEach(job -> job.failure = e);
            return;
        }
        List<Job> answered = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Dispatch dispatch = dispatches.get(i);
            if (dispatch != null) {
                batch.get(i).dispatch = dispatch;
                answered.add(batch.get(i));
            }
        }
        settleAnswered(lane, answered);
        for (int i = 0; i < batch.size(); i++) {
            if (dispatches.get(i) == null) {
                send(lane, batch.get(i));
            }
        }
    }

    private void send(Lane lane, Job job) {
        Map<String, LedgerRow> rows = new HashMap<>();
        OutgoingSms sms = job.outgoing(rows);
        try {
            job.dispatch = services.send(sms, job.request.smsService(), journal(rows, job.marked::add, lane));
        } catch (RuntimeException e) {
            job.failure = e;
            return;
        }
        settleAnswered(lane, List.of(job));
    }

    /**
     * Publishes and settles the numbers the vendor answered for, at once (sharing the statement with concurrent
     * requests): a crash then leaves in doubt only the requests still in flight, not the whole round. When the write
     * fails the answers are kept for the round's own settle: forgetting them would leave numbers the vendor
     * accepted in doubt, to be resent under {@code unknown-policy: resend}.
     */
    private void settleAnswered(Lane lane, List<Job> jobs) {
        List<List<Job.Settled>> byJob = new ArrayList<>(jobs.size());
        List<Job.Settled> answered = new ArrayList<>();
        for (Job job : jobs) {
            List<Job.Settled> settled = job.settleAnswers(job.dispatch, clock.instant());
            byJob.add(settled);
            answered.addAll(settled);
        }
        try {
            TransientDeliveryFailure notPublished = settledOutcomes.publishAndSettle(answered, List.of(), lane);
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                byJob.get(i).forEach(settled -> job.written.add(settled.settlement().ledgerId()));
                if (notPublished != null && job.failure == null) {
                    job.failure = notPublished;
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not settle {} answered number(s) at once, the round settles them: {}", answered.size(),
                    e.toString());
        }
    }

    /**
     * Records each request in the ledger as it leaves, and takes back what certainly did not leave.
     *
     * @param rows     the rows of the numbers the requests may carry, by number
     * @param onMarked told of each row marked as in flight (the row is written, and held by its claim token)
     */
    RequestJournal journal(Map<String, LedgerRow> rows, LongConsumer onMarked, Lane lane) {
        return new RequestJournal() {
            @Override
            public boolean sending(String service, @Nullable Long revision, String outId, List<String> sent) {
                List<LedgerRow> leaving = sent.stream().map(rows::get).toList();
                Set<Long> marked = deliveries.markSending(leaving, service, revision, outId, properties.claimLease(),
                        lane);
                List<LedgerRow> ours = new ArrayList<>(leaving.size());
                leaving.stream().filter(row -> marked.contains(row.id())).forEach(row -> {
                    onMarked.accept(row.id());
                    ours.add(row.asWritten());
                });
                if (ours.size() == leaving.size()) {
                    return true;
                }
                // Another copy of the event wrote some of these rows since the claim: nothing goes out, and what
                // this call marked is plainly owed again.
                deliveries.markNotSent(ours);
                return false;
            }

            @Override
            public void notSent(List<String> unsent) {
                deliveries.markNotSent(unsent.stream().map(rows::get).toList());
            }
        };
    }
}
