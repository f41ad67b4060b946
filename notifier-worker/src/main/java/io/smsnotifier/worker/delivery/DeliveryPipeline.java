package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.failures.DatabaseErrors;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.instances.Instances;
import io.smsnotifier.worker.logincode.LoginCodePolicy;
import io.smsnotifier.worker.providers.Dispatch;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.RequestJournal;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Turns decoded events into settled, published outcomes: checks the template, resolves recipients, claims ledger
 * rows, sends to the numbers still owed through the SMS services, settles and publishes. Calling it again for the
 * same event sends only to recipients whose row is not settled yet. Many events are handled together: one ledger
 * claim, one login-code check, one settle and one outcome publish for all of them, and their vendor requests in
 * flight at once on virtual threads, so that vendor latency and database round trips are paid per batch, not per
 * event. Thread-safe; blocks until outcomes are durable.
 */
@Service
public class DeliveryPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final SmsTemplate VOICE_CODE = new SmsTemplate("voice-code", "${code}", List.of("code"), Map.of());
    private static final List<String> APPROVAL_PARAMS = List.of("processTitle", "userNick");

    private final TemplateRegistry templates;
    private final RecipientResolver resolver;
    private final SmsServices services;
    private final Deliveries deliveries;
    private final OutcomePublisher outcomes;
    private final LoginCodePolicy loginCodes;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final LoginCodePriority priority;
    private final Instances instances;
    /** Separate bounds, so that a flood of approvals never takes the room login codes need. */
    private final Semaphore loginCodeRequests;
    private final Semaphore otherRequests;
    /**
     * Login codes are sent from platform threads, so that with a backlog of approvals keeping the CPU busy the
     * operating system, not the virtual-thread scheduler's queue behind hundreds of approval tasks, decides when
     * a code's thread runs (measured: no difference on its own in the benchmark's workload d; kept with the rest
     * of the login-code measures it was measured with).
     */
    private final ExecutorService loginCodeSenders;
    private final ExecutorService otherSenders;

    DeliveryPipeline(TemplateRegistry templates, RecipientResolver resolver, SmsServices services,
                     Deliveries deliveries, OutcomePublisher outcomes, LoginCodePolicy loginCodes,
                     DeliveryProperties properties, MeterRegistry meters, LoginCodePriority priority,
                     Instances instances) {
        this.instances = instances;
        this.meters = meters;
        this.priority = priority;
        this.templates = templates;
        this.resolver = resolver;
        this.services = services;
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.loginCodes = loginCodes;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.loginCodeRequests = new Semaphore(properties.requestsInFlight());
        this.otherRequests = new Semaphore(properties.requestsInFlight());
        this.loginCodeSenders = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("login-code-send-", 0).daemon().factory());
        this.otherSenders = Executors.newVirtualThreadPerTaskExecutor();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        loginCodeSenders.shutdown();
        otherSenders.shutdown();
    }

    /**
     * What became of one request of {@link #deliverAll}.
     *
     * @param outcomes the outcomes settled and published by this call (recipients settled earlier are not repeated)
     * @param failure  null when every recipient is settled; a {@link PermanentDeliveryFailure} when the event can
     *                 never be delivered; a {@link TransientDeliveryFailure} (or any other exception) when some
     *                 numbers may be delivered later. Outcomes settled stay settled either way.
     */
    public record Result(DeliveryRequest request, List<SmsDelivered> outcomes, @Nullable RuntimeException failure) {
    }

    /**
     * Delivers {@code request}.
     *
     * @return the outcomes settled by this call (recipients settled earlier are not repeated)
     * @throws PermanentDeliveryFailure when the event can never be delivered (unknown template, missing
     *                                  parameters, nobody to send to, the vendor refuses the template); outcomes
     *                                  already settled stay settled
     * @throws TransientDeliveryFailure when some numbers may be delivered later; nothing settled is sent again
     */
    public List<SmsDelivered> deliver(DeliveryRequest request) {
        Result result = deliverAll(List.of(request)).getFirst();
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.outcomes();
    }

    /**
     * Delivers every request; one request's failure never affects another's. Copies of one event in the list
     * are handled one after the other, so the later ones find the earlier one's outcomes.
     *
     * @return one result per request, in the same order
     */
    public List<Result> deliverAll(List<DeliveryRequest> requests) {
        Result[] results = new Result[requests.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            List<Job> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            Set<String> events = new HashSet<>();
            int recipients = 0;
            for (int index : pending) {
                DeliveryRequest request = requests.get(index);
                // Bounds the memory one round holds: a poll of large fan-outs goes in several rounds.
                if (recipients >= properties.recipientsPerRound() || !events.add(request.eventId())) {
                    later.add(index);
                    continue;
                }
                try {
                    Job job = prepare(index, request);
                    round.add(job);
                    recipients += job.recipients.size();
                } catch (RuntimeException e) {
                    results[index] = new Result(request, List.of(), e);
                }
            }
            if (!round.isEmpty() && !deliverRound(round, results)) {
                // A statement shared by the round failed (a database error that a single event may cause, such
                // as a value the column refuses): each event goes again on its own, so that one bad event fails
                // alone and the others keep their normal latency. The ledger makes going again harmless.
                for (Job job : round) {
                    results[job.index] = null;
                    try {
                        deliverRound(List.of(prepare(job.index, job.request)), results);
                    } catch (RuntimeException e) {
                        results[job.index] = new Result(job.request, List.of(), e);
                    }
                }
            }
            pending = later;
        }
        return List.of(results);
    }

    /**
     * Times the steps of a round into {@code notifier.delivery.round} (tags: kind, step), so that ops can see
     * where delivery time goes; with DEBUG on, one line per round as well.
     */
    private final class RoundTimer {
        private final String kind;
        private final long started = System.nanoTime();
        private long last = started;
        private final StringBuilder laps = log.isDebugEnabled() ? new StringBuilder() : null;

        RoundTimer(String kind) {
            this.kind = kind;
        }

        void lap(String step) {
            long now = System.nanoTime();
            meters.timer("notifier.delivery.round", "kind", kind, "step", step)
                    .record(now - last, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (laps != null) {
                laps.append(' ').append(step).append('=').append((now - last) / 1_000).append("us");
            }
            last = now;
        }

        long elapsedNanos() {
            return System.nanoTime() - started;
        }

        void done(int events) {
            if (laps != null) {
                log.debug("round kind={} events={} total={}us{}", kind, events, (last - started) / 1_000, laps);
            }
        }
    }

    /** One request's state through a round. */
    private static final class Job {
        final int index;
        final DeliveryRequest request;
        final RenderedMessage message;
        final List<Recipient> recipients;
        final Deliveries.Claim claim;
        Map<String, LedgerEntry> ledger = Map.of();
        /** What the vendor said about the round's in-doubt rows, by ledger id; absent: not asked in time. */
        Map<Long, Optional<Boolean>> vendorSays = Map.of();
        final List<Deliveries.Settlement> settlements = new ArrayList<>();
        /** Ledger ids whose settlement is already written. */
        final Set<Long> written = new HashSet<>();
        final List<SmsDelivered> published = new ArrayList<>();
        final List<Long> republished = new ArrayList<>();
        final Map<String, Recipient> owedByPhone = new HashMap<>();
        final List<Recipient> toAdmit = new ArrayList<>();
        int elsewhere;
        /** In-doubt rows the vendor could not be asked about within the round's budget. */
        int unresolved;
        @Nullable Dispatch dispatch;
        @Nullable RuntimeException failure;

        Job(int index, DeliveryRequest request, RenderedMessage message, List<Recipient> recipients) {
            this.index = index;
            this.request = request;
            this.message = message;
            this.recipients = recipients;
            this.claim = new Deliveries.Claim(request.eventId(), request.kind(),
                    request.channel().name().toLowerCase(Locale.ROOT), recipients, request.attemptId());
        }
    }

    private Job prepare(int index, DeliveryRequest request) {
        RenderedMessage message = render(request);
        return new Job(index, request, message, resolver.resolve(request.recipients()));
    }

    /**
     * Delivers one round; returns false, with no result set, when a round of several events failed as a whole on
     * a database statement, for the caller to deliver its events one at a time.
     */
    private boolean deliverRound(List<Job> round, Result[] results) {
        List<Deliveries.Claim> claims = round.stream().map(job -> job.claim).toList();
        String kind = round.getFirst().request.kind();
        RoundTimer timer = new RoundTimer(kind);
        boolean loginCodes = round.getFirst().request.lane() == Lane.LOGIN_CODE;
        if (loginCodes) {
            priority.begin();
        } else {
            priority.yieldToLoginCodes();
        }
        // Rows this round holds, by id, with the claim token: what is released at the end.
        Map<Long, String> held = new HashMap<>();
        boolean splitUp = false;
        // Once requests have gone out, the round is settled as it stands: going again event by event could only
        // resend what is in doubt.
        boolean sending = false;
        try {
            Map<String, Map<String, LedgerEntry>> ledger = deliveries.claim(claims, properties.claimLease(),
                    instances.expiry());
            timer.lap("claim");
            for (Job job : round) {
                ledger.getOrDefault(job.request.eventId(), Map.of()).values().stream()
                        .filter(entry -> entry.claimedHere()
                                && (!entry.settled() || !entry.settledAs().outcomePublished()))
                        .forEach(entry -> held.put(entry.id(), job.request.attemptId()));
            }
            for (Job job : round) {
                job.ledger = ledger.getOrDefault(job.request.eventId(), Map.of());
            }
            Map<Long, Optional<Boolean>> vendorSays = askAboutInDoubt(round);
            List<Job> live = new ArrayList<>();
            for (Job job : round) {
                job.vendorSays = vendorSays;
                try {
                    sortRecipients(job);
                    live.add(job);
                } catch (RuntimeException e) {
                    results[job.index] = new Result(job.request, List.of(), e);
                }
            }
            admitLoginCodes(live);
            timer.lap("admit");
            sending = true;
            dispatchAll(live);
            timer.lap("send");

            List<Deliveries.Settlement> settlements = new ArrayList<>();
            List<SmsDelivered> published = new ArrayList<>();
            List<Long> publishedIds = new ArrayList<>();
            for (Job job : live) {
                // Vendor answers were settled as they came in (settleAnswered); the rest is written here.
                job.settlements.stream().filter(settlement -> !job.written.contains(settlement.ledgerId()))
                        .forEach(settlements::add);
                published.addAll(job.published);
                publishedIds.addAll(job.republished);
                job.settlements.forEach(settlement -> publishedIds.add(settlement.ledgerId()));
            }
            if (!settlements.isEmpty()) {
                deliveries.settle(settlements);
            }
            timer.lap("settle");
            if (!published.isEmpty()) {
                outcomes.publish(published);
                timer.lap("publish");
                deliveries.markPublished(publishedIds);
                publishedIds.forEach(held::remove);
                timer.lap("mark-published");
            }
            for (Job job : live) {
                results[job.index] = new Result(job.request, List.copyOf(job.published), failureOf(job));
            }
        } catch (RuntimeException e) {
            if (round.size() > 1 && !sending && DatabaseErrors.causedByAValue(e)) {
                splitUp = true;
                log.warn("a round of {} events failed on a database statement, delivering them one at a time: {} "
                        + "SQLSTATE {}", round.size(), e.getClass().getSimpleName(), DatabaseErrors.sqlState(e));
            } else {
                for (Job job : round) {
                    if (results[job.index] == null) {
                        results[job.index] = new Result(job.request, List.of(), e);
                    }
                }
            }
        } finally {
            if (loginCodes) {
                priority.end();
            }
            try {
                // Published rows were let go as they were marked; what is left is still owed or unpublished.
                deliveries.release(held);
                timer.lap("release");
                timer.done(round.size());
            } catch (RuntimeException e) {
                // The claims then run out with their lease; a retry of the same record holds them anyway.
                log.warn("could not release ledger claims of {} event(s): {}", claims.size(), e.toString());
            }
        }
        if (!loginCodes) {
            // After the claims are let go: nothing waits on this round while it rests.
            priority.restAfter(timer.elapsedNanos());
        }
        return !splitUp;
    }

    /**
     * Sorts a job's recipients: settled ones (republishing outcomes that never reached {@code sms.delivery}),
     * ones another copy is working on, ones settled without sending (unreachable, expired, confirmed in-doubt),
     * login codes still to be admitted, and the numbers owed.
     */
    private void sortRecipients(Job job) {
        DeliveryRequest request = job.request;
        boolean expired = request.expiresAt() != null && !clock.instant().isBefore(request.expiresAt());
        for (Recipient recipient : job.recipients) {
            LedgerEntry entry = job.ledger.get(recipient.key());
            if (entry == null) {
                continue;
            }
            if (entry.settled()) {
                if (entry.settledAs() != null && !entry.settledAs().outcomePublished()) {
                    if (entry.claimedHere()) {
                        job.published.add(outcomeOf(request, entry));
                        job.republished.add(entry.id());
                    } else {
                        // Settled by another copy that is publishing it now.
                        job.elsewhere++;
                    }
                }
                continue;
            }
            if (!entry.claimedHere()) {
                // Another copy of this event is delivering to this recipient right now: it will settle it.
                job.elsewhere++;
                continue;
            }
            if (entry.inDoubt() && resolvedInDoubt(job, recipient, entry)) {
                continue;
            }
            if (!recipient.reachable()) {
                settle(job, recipient, entry, DeliveryStatus.SKIPPED, null, null, ErrorCode.INVALID_REQUEST,
                        null, recipient.skipReason());
            } else if (expired) {
                settle(job, recipient, entry, DeliveryStatus.EXPIRED, null, null, null, null,
                        "expired at " + request.expiresAt());
            } else if (request.lane() == Lane.LOGIN_CODE || job.message.template().loginCode()) {
                // A code template sent through the API obeys the same limits as a login.code event.
                job.toAdmit.add(recipient);
            } else {
                job.owedByPhone.put(recipient.phone(), recipient);
            }
        }
    }

    /** Checks and counts the round's login codes against the per-number limits, in one transaction. */
    private void admitLoginCodes(List<Job> jobs) {
        List<LoginCodePolicy.Admission> admissions = new ArrayList<>();
        for (Job job : jobs) {
            job.toAdmit.forEach(recipient ->
                    admissions.add(new LoginCodePolicy.Admission(job.request.eventId(), recipient.phone(),
                            job.claim.channel())));
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
                    settle(job, recipient, job.ledger.get(recipient.key()), refusal.rateLimited()
                                    ? DeliveryStatus.RATE_LIMITED : DeliveryStatus.FAILED, null, null,
                            ErrorCode.INVALID_REQUEST, null, refusal.reason());
                }
            }
        }
    }

    /**
     * Sends every job's owed numbers, the jobs' requests in flight together, and waits for all the answers. Login
     * codes that arrived together go out in batched requests where the service takes them.
     */
    private void dispatchAll(List<Job> jobs) {
        List<Job> sending = jobs.stream().filter(job -> !job.owedByPhone.isEmpty()).toList();
        if (sending.isEmpty()) {
            return;
        }
        List<Runnable> tasks = new ArrayList<>();
        List<Job> alone = new ArrayList<>();
        if (properties.batchLoginCodes()) {
            loginCodeBatches(sending, alone).forEach(batch -> tasks.add(() -> dispatchBatch(batch)));
        } else {
            alone.addAll(sending);
        }
        alone.forEach(job -> tasks.add(() -> dispatch(job)));
        if (tasks.size() == 1) {
            tasks.getFirst().run();
            return;
        }
        boolean loginCodes = sending.getFirst().request.lane() == Lane.LOGIN_CODE;
        Semaphore room = loginCodes ? loginCodeRequests : otherRequests;
        ExecutorService executor = loginCodes ? loginCodeSenders : otherSenders;
        List<java.util.concurrent.Future<?>> running = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        for (Runnable task : tasks) {
            if (!loginCodes) {
                priority.yieldToLoginCodes();
            }
            room.acquireUninterruptibly();
            try {
                running.add(executor.submit(() -> {
                    try {
                        if (!loginCodes) {
                            // Tasks already queued hold back too when a round of codes starts.
                            priority.yieldToLoginCodes();
                        }
                        task.run();
                    } finally {
                        room.release();
                    }
                }));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutting down: what is not sent stays owed; what is out is waited for below.
                room.release();
                failure = new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, "the worker is stopping", null, e);
                break;
            }
        }
        // Every task is waited for, whatever happens to one of them: the round lets go of its ledger claims when
        // it ends, and a claim let go while its request is still out would let another copy send it again.
        boolean interrupted = false;
        for (java.util.concurrent.Future<?> task : running) {
            while (true) {
                try {
                    task.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (failure == null) {
                        failure = new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, "interrupted while sending",
                                null, e);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // dispatch() keeps its failures in the job; anything else is a bug worth seeing.
                    if (failure == null) {
                        failure = new IllegalStateException("sending failed unexpectedly", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Groups one-number SMS login codes by template and requested service, at most {@value #CODES_PER_BATCH} to a
     * group and each number once per group; everything else goes to {@code alone}.
     */
    private static List<List<Job>> loginCodeBatches(List<Job> jobs, List<Job> alone) {
        Map<List<Object>, List<List<Job>>> groups = new LinkedHashMap<>();
        for (Job job : jobs) {
            DeliveryRequest request = job.request;
            if (request.lane() != Lane.LOGIN_CODE || request.channel() != Channel.SMS || job.owedByPhone.size() != 1) {
                alone.add(job);
                continue;
            }
            List<List<Job>> batches = groups.computeIfAbsent(
                    java.util.Arrays.asList(request.templateCode(), request.smsService()), key -> new ArrayList<>());
            String phone = job.owedByPhone.keySet().iterator().next();
            List<Job> open = batches.isEmpty() ? null : batches.getLast();
            if (open == null || open.size() >= CODES_PER_BATCH
                    || open.stream().anyMatch(other -> other.owedByPhone.containsKey(phone))) {
                open = new ArrayList<>();
                batches.add(open);
            }
            open.add(job);
        }
        List<List<Job>> batches = new ArrayList<>();
        groups.values().forEach(list -> list.forEach(batch -> {
            if (batch.size() == 1) {
                alone.add(batch.getFirst());
            } else {
                batches.add(batch);
            }
        }));
        return batches;
    }

    static final int CODES_PER_BATCH = 100;

    /** One batched request for {@code batch}'s codes; what it leaves unsent goes one by one. */
    private void dispatchBatch(List<Job> batch) {
        List<OutgoingSms> messages = new ArrayList<>(batch.size());
        Map<String, Long> ledgerIds = new HashMap<>();
        Map<Long, String> tokens = new HashMap<>();
        for (Job job : batch) {
            messages.add(outgoing(job, ledgerIds, tokens));
        }
        List<Dispatch> dispatches;
        try {
            dispatches = services.sendEach(messages, batch.getFirst().request.smsService(),
                    journal(ledgerIds, tokens, true));
        } catch (RuntimeException e) {
            batch.forEach(job -> job.failure = e);
            return;
        }
        List<Job> answered = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (dispatches.get(i) != null) {
                batch.get(i).dispatch = dispatches.get(i);
                answered.add(batch.get(i));
            }
        }
        settleAnswered(answered);
        for (int i = 0; i < batch.size(); i++) {
            if (dispatches.get(i) == null) {
                dispatch(batch.get(i));
            }
        }
    }

    private void dispatch(Job job) {
        Map<String, Long> ledgerIds = new HashMap<>();
        Map<Long, String> tokens = new HashMap<>();
        OutgoingSms sms = outgoing(job, ledgerIds, tokens);
        try {
            job.dispatch = services.send(sms, job.request.smsService(),
                    journal(ledgerIds, tokens, job.request.lane() == Lane.LOGIN_CODE));
        } catch (RuntimeException e) {
            job.failure = e;
            return;
        }
        settleAnswered(List.of(job));
    }

    /**
     * Settles the numbers the vendor answered for, at once (sharing the statement with concurrent requests): a
     * crash then leaves in doubt only the requests still in flight, not the whole round. When the write fails the
     * answers are kept for the round's own settle: forgetting them would leave numbers the vendor accepted in
     * doubt, to be resent under {@code unknown-policy: resend}.
     */
    private void settleAnswered(List<Job> jobs) {
        int[] settlementsBefore = new int[jobs.size()];
        List<Deliveries.Settlement> answered = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            settlementsBefore[i] = job.settlements.size();
            job.dispatch.delivered().forEach((phone, answer) -> {
                Recipient recipient = job.owedByPhone.get(phone);
                settle(job, recipient, job.ledger.get(recipient.key()),
                        answer.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED, answer.service(),
                        answer.providerMessageId(), answer.errorCode(), answer.providerErrorCode(), answer.reason());
            });
            answered.addAll(job.settlements.subList(settlementsBefore[i], job.settlements.size()));
        }
        try {
            deliveries.settleNow(answered, jobs.stream().anyMatch(job -> job.request.lane() == Lane.LOGIN_CODE));
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                job.settlements.subList(settlementsBefore[i], job.settlements.size())
                        .forEach(settlement -> job.written.add(settlement.ledgerId()));
            }
        } catch (RuntimeException e) {
            log.warn("could not settle {} answered number(s) at once, the round settles them: {}", answered.size(),
                    e.toString());
        }
    }

    /** The message for a job's owed numbers; adds their ledger rows to {@code ledgerIds}, with the claim token. */
    private static OutgoingSms outgoing(Job job, Map<String, Long> ledgerIds, Map<Long, String> tokens) {
        DeliveryRequest request = job.request;
        Map<String, Long> ids = new HashMap<>();
        job.owedByPhone.forEach((phone, recipient) -> ids.put(phone, job.ledger.get(recipient.key()).id()));
        ledgerIds.putAll(ids);
        ids.values().forEach(id -> tokens.put(id, job.claim.claimToken()));
        List<String> phones = job.recipients.stream().map(Recipient::phone).filter(job.owedByPhone::containsKey)
                .toList();
        return new OutgoingSms(request.eventId(), request.kind(), request.channel(), job.message, phones, ids);
    }

    /** Records each request in the ledger as it leaves, and takes back what certainly did not leave. */
    private RequestJournal journal(Map<String, Long> ledgerIds, Map<Long, String> tokens, boolean loginCodes) {
        return new RequestJournal() {
            @Override
            public void sending(String service, String outId, List<String> sent) {
                deliveries.markSending(held(sent), service, outId, properties.claimLease(), loginCodes);
            }

            @Override
            public void notSent(List<String> unsent) {
                deliveries.markNotSent(held(unsent));
            }

            private Map<Long, String> held(List<String> phones) {
                Map<Long, String> byId = new HashMap<>(phones.size() * 2);
                phones.forEach(phone -> {
                    Long id = ledgerIds.get(phone);
                    byId.put(id, tokens.get(id));
                });
                return byId;
            }
        };
    }

    /** Why the job's event is not fully delivered, or null when it is. */
    private static @Nullable RuntimeException failureOf(Job job) {
        DeliveryRequest request = job.request;
        Dispatch dispatch = job.dispatch;
        if (log.isDebugEnabled()) {
            log.debug("delivered eventId={} kind={} recipients={} settled={} sent={} owed={}",
                    LogSafe.key(request.eventId()), request.kind(), job.recipients.size(), job.settlements.size(),
                    job.published.stream().filter(outcome -> outcome.status() == DeliveryStatus.SENT).count(),
                    dispatch == null ? 0 : dispatch.owed().size());
        }
        if (job.failure != null) {
            return job.failure;
        }
        if (dispatch != null) {
            ProviderFailure eventFailure = dispatch.eventFailure();
            if (eventFailure != null) {
                return new PermanentDeliveryFailure(eventFailure.errorCode(), eventFailure.reason(),
                        eventFailure.providerErrorCode(), eventFailure);
            }
            if (!dispatch.owed().isEmpty()) {
                ProviderFailure last = dispatch.lastFailure();
                return new TransientDeliveryFailure(last == null ? ErrorCode.REQUEST_FAILED : last.errorCode(),
                        dispatch.owed().size() + " number(s) still owed: "
                                + (last == null ? "no service answered" : last.reason()),
                        last == null ? null : last.providerErrorCode(), last);
            }
        }
        if (job.unresolved > 0) {
            return new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, job.unresolved
                    + " in-doubt number(s) could not be checked with the vendor in time", null, null);
        }
        if (job.elsewhere > 0) {
            // Retried later, when the other consumer has settled them: nothing is sent twice, and a copy whose
            // consumer died gets its recipients back once that claim's lease has run out.
            return new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, job.elsewhere
                    + " recipient(s) are being delivered by another copy of this event", null, null);
        }
        return null;
    }

    /**
     * A row whose last request went out without an answer: ask the vendor when it can tell, else apply
     * {@code notifier.delivery.unknown-policy}. Returns true when the row is settled here.
     */
    private boolean resolvedInDoubt(Job job, Recipient recipient, LedgerEntry entry) {
        DeliveryRequest request = job.request;
        Optional<Boolean> sent = job.vendorSays.get(entry.id());
        if (sent == null) {
            // Not asked within the round's budget: left in doubt for the event's retry, never resent on a guess.
            job.unresolved++;
            return true;
        }
        if (sent.orElse(false)) {
            settle(job, recipient, entry, DeliveryStatus.SENT, entry.service(), null, null, null,
                    "confirmed by the vendor after the answer was lost");
            return true;
        }
        if (sent.isEmpty() && properties.unknownPolicy() == DeliveryProperties.UnknownPolicy.FAIL) {
            settle(job, recipient, entry, DeliveryStatus.FAILED, entry.service(), null, ErrorCode.REQUEST_FAILED,
                    null, "the vendor's answer was lost and it cannot be asked; not resent "
                            + "(notifier.delivery.unknown-policy=fail)");
            return true;
        }
        log.info("resending in-doubt eventId={} phone={} service={} vendorSaysSent={}", LogSafe.key(request.eventId()),
                PhoneMask.mask(recipient.phone()), entry.service(), sent.map(String::valueOf).orElse("unknown"));
        return false;
    }

    /** Kind of the ledger rows and outcomes of "Send Test SMS". */
    public static final String TEST_KIND = "api.test";

    /**
     * "Send Test SMS": one message to one number through exactly {@code service}, no failover. It is counted
     * against the number's login-code limits (a test form is a way to pump SMS like a login form), recorded in
     * the ledger and on {@code sms.delivery} as kind {@value #TEST_KIND}, and logged, number masked.
     *
     * @return the outcome: SENT, FAILED, or RATE_LIMITED / FAILED when the policy refused the number
     * @throws TransientDeliveryFailure when the service gave no answer
     */
    public SmsDelivered sendTest(String service, Recipient recipient, RenderedMessage message) {
        if (services.statuses().stream().noneMatch(status -> status.name().equals(service))) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "'" + LogSafe.key(service) + "' is not an enabled service under notifier.sms.services");
        }
        String requestId = "test-" + java.util.UUID.randomUUID();
        LoginCodePolicy.Refusal refusal = loginCodes.admit(requestId, recipient.phone());
        Deliveries.Claim claim = new Deliveries.Claim(requestId, TEST_KIND, "sms", List.of(recipient), requestId);
        LedgerEntry entry = deliveries.claim(List.of(claim), properties.claimLease(), instances.expiry())
                .get(requestId).get(recipient.key());
        DeliveryStatus status;
        Dispatch.Delivered answer = null;
        String reason = null;
        if (refusal != null) {
            status = refusal.rateLimited() ? DeliveryStatus.RATE_LIMITED : DeliveryStatus.FAILED;
            reason = refusal.reason();
        } else {
            Map<String, Long> ledgerIds = Map.of(recipient.phone(), entry.id());
            Dispatch dispatch = services.sendVia(service, new OutgoingSms(requestId, TEST_KIND, Channel.SMS, message,
                    List.of(recipient.phone()), ledgerIds), journal(ledgerIds, Map.of(entry.id(), requestId),
                    false));
            answer = dispatch.delivered().get(recipient.phone());
            if (answer == null) {
                // No answer: a test is not retried, so the row is settled FAILED with the reason, not left open.
                ProviderFailure failure = dispatch.eventFailure() != null ? dispatch.eventFailure()
                        : dispatch.lastFailure();
                TransientDeliveryFailure noAnswer = new TransientDeliveryFailure(
                        failure == null ? ErrorCode.REQUEST_FAILED : failure.errorCode(),
                        failure == null ? "no answer" : failure.reason(),
                        failure == null ? null : failure.providerErrorCode(), null);
                answer = new Dispatch.Delivered(false, service, null, noAnswer.errorCode(),
                        noAnswer.providerErrorCode(), noAnswer.getMessage());
                settleTest(requestId, entry, recipient, service, answer, DeliveryStatus.FAILED, answer.reason());
                throw noAnswer;
            }
            status = answer.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED;
            reason = answer.reason();
        }
        return settleTest(requestId, entry, recipient, service, answer, status, reason);
    }

    private SmsDelivered settleTest(String requestId, LedgerEntry entry, Recipient recipient, String service,
                                    Dispatch.@Nullable Delivered answer, DeliveryStatus status,
                                    @Nullable String reason) {
        String code = answer == null ? ErrorCode.INVALID_REQUEST.code()
                : answer.errorCode() == null ? null : answer.errorCode().code();
        String providerErrorCode = answer == null ? null : answer.providerErrorCode();
        deliveries.settle(List.of(new Deliveries.Settlement(entry.id(), status, service,
                answer == null ? null : answer.providerMessageId(), code, providerErrorCode, reason, 1, requestId)));
        SmsDelivered outcome = new SmsDelivered(requestId, TEST_KIND, null, PhoneMask.mask(recipient.phone()), status,
                service, answer == null ? null : answer.providerMessageId(), code, providerErrorCode, 1,
                clock.instant());
        outcomes.publish(List.of(outcome));
        deliveries.markPublished(List.of(entry.id()));
        log.info("test sms service={} phone={} requestId={} status={} providerErrorCode={}", LogSafe.key(service),
                PhoneMask.mask(recipient.phone()), requestId, status, LogSafe.key(providerErrorCode));
        return outcome;
    }

    /**
     * Asks the vendors about every in-doubt row of the round at once, at most
     * {@code notifier.delivery.in-doubt-queries} in flight, within {@code in-doubt-budget}: one lost answer to a
     * large request would otherwise mean hundreds of queries one after another on the consumer thread.
     *
     * @return the answer per ledger id; a row whose query did not finish in time is absent
     */
    private Map<Long, Optional<Boolean>> askAboutInDoubt(List<Job> round) {
        Map<Long, java.util.concurrent.Future<Optional<Boolean>>> asked = new HashMap<>();
        Semaphore room = new Semaphore(properties.inDoubtQueries());
        for (Job job : round) {
            for (Recipient recipient : job.recipients) {
                LedgerEntry entry = job.ledger.get(recipient.key());
                if (entry == null || entry.settled() || !entry.claimedHere() || !entry.inDoubt()) {
                    continue;
                }
                if (entry.service() == null || entry.outId() == null || recipient.phone() == null) {
                    asked.put(entry.id(), java.util.concurrent.CompletableFuture.completedFuture(Optional.empty()));
                    continue;
                }
                java.time.Instant sentAt = entry.sendingAt() == null ? clock.instant() : entry.sendingAt();
                asked.put(entry.id(), otherSenders.submit(() -> {
                    room.acquire();
                    try {
                        return services.wasSent(entry.service(), recipient.phone(), entry.outId(), sentAt);
                    } finally {
                        room.release();
                    }
                }));
            }
        }
        if (asked.isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + properties.inDoubtBudget().toNanos();
        Map<Long, Optional<Boolean>> answers = new HashMap<>();
        int late = 0;
        for (Map.Entry<Long, java.util.concurrent.Future<Optional<Boolean>>> query : asked.entrySet()) {
            try {
                answers.put(query.getKey(), query.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                query.getValue().cancel(true);
                late++;
            } catch (java.util.concurrent.ExecutionException e) {
                answers.put(query.getKey(), Optional.empty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                asked.values().forEach(future -> future.cancel(true));
                break;
            }
        }
        if (late > 0) {
            log.warn("in-doubt rows left for a later attempt: {} of {} vendor queries did not finish within {}",
                    late, asked.size(), properties.inDoubtBudget());
        }
        return answers;
    }

    /** The outcome a settled row stands for, as it was first meant to be published. */
    private static SmsDelivered outcomeOf(DeliveryRequest request, LedgerEntry entry) {
        LedgerEntry.Settled settled = entry.settledAs();
        return new SmsDelivered(request.eventId(), request.kind(), settled.memberId(), settled.phoneMasked(),
                entry.status(), entry.service(), settled.providerMessageId(), settled.errorCode(),
                settled.providerErrorCode(), entry.attempt(), settled.at());
    }

    private RenderedMessage render(DeliveryRequest request) {
        if (request.channel() == Channel.VOICE && request.templateCode() == null) {
            return new RenderedMessage(VOICE_CODE, request.params(), VOICE_CODE.render(request.params()));
        }
        RenderedMessage message = templates.render(request.templateCode(), request.params());
        if (request.kind().equals(Topics.APPROVAL_REACHED) || request.kind().equals(Topics.APPROVAL_CC)) {
            List<String> notTaken = APPROVAL_PARAMS.stream()
                    .filter(name -> !message.template().requiredParams().contains(name)).toList();
            if (!notTaken.isEmpty()) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "template '"
                        + message.template().code() + "' does not take " + notTaken
                        + ", which every approval notice carries");
            }
        }
        return message;
    }

    private void settle(Job job, Recipient recipient, LedgerEntry entry, DeliveryStatus status,
                        @Nullable String service, @Nullable String providerMessageId, @Nullable ErrorCode errorCode,
                        @Nullable String providerErrorCode, @Nullable String reason) {
        DeliveryRequest request = job.request;
        int attempt = entry.attempt() + 1;
        String code = errorCode == null ? null : errorCode.code();
        job.settlements.add(new Deliveries.Settlement(entry.id(), status, service, providerMessageId, code,
                providerErrorCode, reason, attempt, job.claim.claimToken()));
        String phone = recipient.phone() != null ? recipient.phone() : recipient.givenPhone();
        job.published.add(new SmsDelivered(request.eventId(), request.kind(), recipient.memberId(), PhoneMask.mask(phone),
                status, service, providerMessageId, code, providerErrorCode, attempt, clock.instant()));
        if (status != DeliveryStatus.SENT) {
            log.info("not sent eventId={} kind={} memberId={} phone={} status={} providerErrorCode={} reason={}",
                    LogSafe.key(request.eventId()), request.kind(), LogSafe.key(recipient.memberId()),
                    PhoneMask.mask(phone), status, LogSafe.key(providerErrorCode), LogSafe.text(reason));
        }
    }
}
