package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One message's requests to one service: its numbers split into requests no larger than the service takes, up to
 * {@code notifier.sms.requests-per-message} of them in flight at once, each on a virtual thread, and each answer
 * judged on the sending thread as it comes in, as it would be had the requests gone one after the other:
 * <ul>
 *   <li>a retryable failure owes the request's numbers, or leaves them in doubt when the request may have been
 *       sent (never tried elsewhere); once the service is out of rotation, the requests not yet started are
 *       owed;</li>
 *   <li>an ops-blocking one owes the request and every request not yet started;</li>
 *   <li>a refusal of one number of a multi-number request sends its numbers again one by one, to find it;</li>
 *   <li>a refusal of the message as a whole starts nothing more: the rest is owed and the failure returned;</li>
 *   <li>an exception the call throws (its ledger write, an answer the adapter did not understand) starts nothing
 *       more either: the request's numbers are in doubt (owed when its ledger write failed, so it never left), the
 *       rest owed, and the others' answers kept. Thrown on, it would cost them all: the caller keeps no answer of
 *       a message whose send threw, and numbers the vendor accepted would stay in doubt, to be asked about or,
 *       where the vendor cannot be asked, sent again.</li>
 * </ul>
 * Requests in flight always finish and their answers count, whatever the others did: the round lets go of its
 * ledger claims when it ends, and a claim let go while its request is out would let another copy send it again.
 * A message of one request, and every message while the bound is 1, goes out on the sending thread itself.
 * One instance per message, confined to the thread that sends it; the requests' threads only call.
 */
final class MessageRequests {

    /** One request to the service: its answer, or thrown (see {@link ServiceSlot}'s {@code call}). */
    interface Call {
        Answer send(List<String> phones, RequestJournal journal);
    }

    private static final ThreadFactory REQUESTS = Thread.ofVirtual().name("sms-request-", 0).factory();

    private final String service;
    private final RequestJournal journal;
    private final IntSupplier atOnce;
    private final BooleanSupplier inRotation;
    private final Call call;

    private final Deque<List<String>> notStarted = new ArrayDeque<>();
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final Map<String, Dispatch.Delivered> delivered = new HashMap<>();
    private final List<String> owed = new ArrayList<>();
    private final List<String> inDoubt = new ArrayList<>();
    private @Nullable ProviderFailure lastFailure;
    private @Nullable ProviderFailure eventFailure;
    private @Nullable Error fatal;
    /** No further request starts: what has not started is owed. */
    private boolean stopped;
    private int running;

    /**
     * @param atOnce     how many requests may be in flight at once, asked before each start (at least 1)
     * @param inRotation whether the service still takes requests, asked after a retryable failure
     */
    MessageRequests(String service, RequestJournal journal, IntSupplier atOnce, BooleanSupplier inRotation,
                    Call call) {
        this.service = service;
        this.journal = journal;
        this.atOnce = atOnce;
        this.inRotation = inRotation;
        this.call = call;
    }

    /** What became of one request: its answer, or what it threw and whether the request may have left by then. */
    private record Finished(List<String> phones, @Nullable Answer answer, @Nullable Throwable thrown,
                            boolean mayHaveLeft) {
    }

    /**
     * Sends {@code phones} in requests of at most {@code maxNumbersPerRequest} and waits for every request started.
     *
     * @return the answers, owed and in doubt in the order of {@code phones}, whatever order the answers came in
     * @throws Error an {@link Error} a request threw, once every other request has finished
     */
    Dispatch send(List<String> phones, int maxNumbersPerRequest) {
        for (int from = 0; from < phones.size(); from += maxNumbersPerRequest) {
            notStarted.add(List.copyOf(phones.subList(from, Math.min(phones.size(), from + maxNumbersPerRequest))));
        }
        boolean interrupted = false;
        while (running > 0 || (!stopped && !notStarted.isEmpty())) {
            int bound = atOnce.getAsInt();
            if (running == 0 && !stopped && (bound == 1 || notStarted.size() == 1)) {
                judge(attempt(notStarted.removeFirst()));
                continue;
            }
            while (!stopped && !notStarted.isEmpty() && running < bound) {
                List<String> request = notStarted.removeFirst();
                REQUESTS.newThread(() -> finished.add(attempt(request))).start();
                running++;
            }
            try {
                Finished next = finished.take();
                running--;
                judge(next);
            } catch (InterruptedException e) {
                // As before requests went out together: the ones out are waited for, the flag is kept.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (fatal != null) {
            throw fatal;
        }
        notStarted.forEach(owed::addAll);
        return inOrderOf(phones);
    }

    /** Runs one request on the current thread; never throws. */
    private Finished attempt(List<String> phones) {
        RequestJournalWatch watch = new RequestJournalWatch(journal);
        try {
            return new Finished(phones, call.send(phones, watch), null, true);
        } catch (Throwable thrown) {
            return new Finished(phones, null, thrown, watch.recorded);
        }
    }

    private void judge(Finished request) {
        if (request.thrown() != null) {
            threw(request, request.thrown());
            return;
        }
        Answer answer = request.answer();
        delivered.putAll(answer.delivered());
        owed.addAll(answer.owed());
        inDoubt.addAll(answer.inDoubt());
        ProviderFailure failure = answer.failure();
        if (failure == null) {
            return;
        }
        List<String> phones = request.phones();
        switch (failure.failureClass()) {
            case RETRYABLE -> {
                lastFailure = failure;
                // A lost answer is not a refusal: the vendor may have sent it, and another service would send
                // it again. Only a failure that proves the request was not taken frees the numbers.
                (failure.mayHaveBeenSent() ? inDoubt : owed).addAll(phones);
                if (!inRotation.getAsBoolean()) {
                    stopped = true;
                }
            }
            case OPS_BLOCKING -> {
                lastFailure = failure;
                owed.addAll(phones);
                stopped = true;
            }
            case PERMANENT_FOR_NUMBER -> {
                if (phones.size() == 1) {
                    delivered.put(phones.getFirst(), new Dispatch.Delivered(false, service, null,
                            failure.errorCode(), failure.providerErrorCode(), failure.reason()));
                } else {
                    // The vendor refused the whole request for one number: find it by sending singly, next.
                    for (int i = phones.size() - 1; i >= 0; i--) {
                        notStarted.addFirst(List.of(phones.get(i)));
                    }
                }
            }
            case PERMANENT_FOR_EVENT -> {
                owed.addAll(phones);
                stopped = true;
                if (eventFailure == null) {
                    eventFailure = failure;
                }
            }
        }
    }

    /**
     * A request threw. Only the exception's class goes into the failure, and the exception itself not at all:
     * its message may quote a setting (an HTTP client quotes a header value, which is a secret).
     */
    private void threw(Finished request, Throwable thrown) {
        stopped = true;
        if (thrown instanceof Error error) {
            if (fatal == null) {
                fatal = error;
            }
            return;
        }
        String what = thrown.getClass().getSimpleName();
        if (request.mayHaveLeft()) {
            // Marked sending in the ledger: the retry resolves it like any lost answer.
            inDoubt.addAll(request.phones());
            lastFailure = ProviderFailure.noAnswer(null, "no answer from " + service + " that could be read ("
                    + what + ") after the request may have left: it may have been sent", null);
        } else {
            owed.addAll(request.phones());
            lastFailure = new ProviderFailure(FailureClass.RETRYABLE, ErrorCode.INTERNAL_ERROR, null,
                    "a request to " + service + " failed before it left (" + what + "): not sent", null);
        }
    }

    private Dispatch inOrderOf(List<String> phones) {
        Map<String, Integer> position = new HashMap<>(phones.size() * 2);
        for (int i = phones.size() - 1; i >= 0; i--) {
            position.put(phones.get(i), i);
        }
        Comparator<String> byPosition = Comparator.comparingInt(position::get);
        Map<String, Dispatch.Delivered> answers = new LinkedHashMap<>();
        delivered.keySet().stream().sorted(byPosition).forEach(phone -> answers.put(phone, delivered.get(phone)));
        owed.sort(byPosition);
        inDoubt.sort(byPosition);
        return new Dispatch(answers, owed, inDoubt, lastFailure, eventFailure);
    }

    /** The journal as one request sees it, noting whether the request was recorded as leaving. */
    private static final class RequestJournalWatch implements RequestJournal {

        private final RequestJournal journal;
        private boolean recorded;

        RequestJournalWatch(RequestJournal journal) {
            this.journal = journal;
        }

        @Override
        public boolean sending(String service, @Nullable Long revision, String outId, List<String> phones) {
            boolean cleared = journal.sending(service, revision, outId, phones);
            recorded |= cleared;
            return cleared;
        }

        @Override
        public void notSent(List<String> phones) {
            journal.notSent(phones);
        }
    }
}
