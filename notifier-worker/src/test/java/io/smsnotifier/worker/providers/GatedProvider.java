package io.smsnotifier.worker.providers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider whose requests wait at its gate until the test answers each, so that a test decides which requests
 * are in flight together and in which order their answers come. Requests are told apart by their numbers.
 */
final class GatedProvider implements SmsProvider {

    private static final long WAIT_SECONDS = 10;

    private final String name;
    private final int maxNumbers;
    private final Map<List<String>, CompletableFuture<Request>> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());

    GatedProvider(String name, int maxNumbers) {
        this.name = name;
        this.maxNumbers = maxNumbers;
    }

    /** One request at the gate: its thread, and the answer the test gives it. */
    record Request(Thread thread, CompletableFuture<Function<OutgoingSms, SendResult>> answer) {
    }

    /** The request carrying exactly {@code phones}, once it has reached the gate. */
    Request arrived(String... phones) {
        try {
            return arrival(List.of(phones)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("no request for " + List.of(phones) + " reached the provider; it saw "
                    + requests, e);
        }
    }

    /**
     * Answers the request carrying {@code phones} and waits until its thread has handed the answer on: answers
     * given one after the other are then judged in that order.
     */
    void answer(Function<OutgoingSms, SendResult> answer, String... phones) {
        Request request = arrived(phones);
        request.answer().complete(answer);
        try {
            if (!request.thread().join(Duration.ofSeconds(WAIT_SECONDS))) {
                throw new AssertionError("the request for " + List.of(phones) + " did not finish");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Fails the request carrying {@code phones} as a whole with {@code failure}. */
    void fail(RuntimeException failure, String... phones) {
        answer(sms -> {
            throw failure;
        }, phones);
    }

    /** The most requests that were at the gate at once. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    private CompletableFuture<Request> arrival(List<String> phones) {
        return arrivals.computeIfAbsent(phones, key -> new CompletableFuture<>());
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        requests.add(sms.phones());
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Request request = new Request(Thread.currentThread(), new CompletableFuture<>());
            arrival(sms.phones()).complete(request);
            Function<OutgoingSms, SendResult> answer = request.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
            return answer.apply(sms);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the test never answered " + sms.phones(), e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public String serviceName() {
        return name;
    }

    @Override
    public int maxNumbersPerRequest() {
        return maxNumbers;
    }

    @Override
    public boolean sendsRenderedText() {
        return false;
    }

    @Override
    public boolean mayBeExclusive() {
        return false;
    }

    @Override
    public void close() {
    }
}
