package io.smsnotifier.it.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The HTTP machinery the simulators share: a JDK {@link HttpServer} on {@code 127.0.0.1}, an ephemeral port, one
 * virtual thread per request (a slow or held answer never blocks the others), the programmable
 * {@link Behaviour} queue / function, a fixed latency, and the call log.
 *
 * @param <C> the simulator's record of one call
 */
public abstract class SimulatorServer<C> implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final Deque<Behaviour> scripted = new ArrayDeque<>();
    private final List<C> calls = new ArrayList<>();
    private final List<Instant> arrivals = new ArrayList<>();
    private volatile Function<C, Behaviour> behaviourFunction;
    private volatile Duration latency = Duration.ZERO;
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile boolean closed;
    private final AtomicInteger handling = new AtomicInteger();
    private final AtomicInteger mostHandled = new AtomicInteger();

    protected SimulatorServer(String threadName) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a simulator port on 127.0.0.1", e);
        }
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(threadName + "-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, the form both SDKs take as a custom endpoint. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** A fixed latency added before every answer (on top of a behaviour's own delay). */
    public void latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
    }

    /** The next {@code n} calls subject to behaviours (see the simulator) get {@code behaviour}, then as before. */
    public void failNext(int n, Behaviour behaviour) {
        Objects.requireNonNull(behaviour);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                scripted.addLast(behaviour);
            }
        }
    }

    /** Decides every call not covered by {@link #failNext}; {@code null} restores "always success". */
    public void behaviour(Function<C, Behaviour> function) {
        this.behaviourFunction = function;
    }

    /** Every call that reached the simulator, accepted or not, in arrival order. */
    public List<C> requests() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<C> requests(Predicate<? super C> filter) {
        return requests().stream().filter(filter).toList();
    }

    /**
     * A request that does not count toward {@link #maxRequestsInAnySecond}: a template review query, which the worker
     * polls on its own schedule and the vendors limit apart from sends.
     */
    protected void notARateRequest(Instant arrivedAt) {
        synchronized (lock) {
            arrivals.remove(arrivedAt);
        }
    }

    /**
     * The most HTTP requests that arrived within any sliding one-second window (every action but template review
     * queries, all outcomes).
     */
    public int maxRequestsInAnySecond() {
        List<Instant> sorted;
        synchronized (lock) {
            sorted = new ArrayList<>(arrivals);
        }
        sorted.sort(null);
        int best = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (!sorted.get(start).plusSeconds(1).isAfter(sorted.get(end))) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    /**
     * The most calls this simulator was handling at once since the last {@link #reset}, each from its arrival to the
     * end of its answer (latency included): how many requests a client had in flight together.
     */
    public int mostAtOnce() {
        return mostHandled.get();
    }

    /** Forgets calls and programming (queue, function, latency), releases held exchanges. Credentials stay. */
    public void reset() {
        synchronized (lock) {
            scripted.clear();
            calls.clear();
            arrivals.clear();
        }
        mostHandled.set(0);
        behaviourFunction = null;
        latency = Duration.ZERO;
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
        onReset();
    }

    @Override
    public void close() {
        closed = true;
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- for subclasses ----

    /** Handles one exchange; must end it through {@link #respond} or {@link #finish}. */
    protected abstract void handle(HttpExchange exchange, Instant arrivedAt) throws IOException;

    protected void onReset() {
    }

    protected final void record(C call) {
        synchronized (lock) {
            calls.add(call);
        }
    }

    /** Next scripted behaviour, else the function's, else success. */
    protected final Behaviour decide(C call) {
        synchronized (lock) {
            Behaviour next = scripted.pollFirst();
            if (next != null) {
                return next;
            }
        }
        Function<C, Behaviour> function = behaviourFunction;
        Behaviour decided = function == null ? null : function.apply(call);
        return decided == null ? Behaviour.success() : decided;
    }

    /** The function's behaviour (ignoring the {@link #failNext} queue), else success. */
    protected final Behaviour decideByFunction(C call) {
        Function<C, Behaviour> function = behaviourFunction;
        Behaviour decided = function == null ? null : function.apply(call);
        return decided == null ? Behaviour.success() : decided;
    }

    protected static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** Answers after the fixed latency: sends {@code status}/{@code body}. */
    protected final void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        finish(exchange, Behaviour.success(), status, contentType, body);
    }

    /**
     * Ends the exchange as {@code behaviour} says, after latency + the behaviour's delay: {@code NO_ANSWER} holds
     * it, {@code CLOSE_CONNECTION} drops the connection, anything else sends {@code status}/{@code body}.
     */
    protected final void finish(HttpExchange exchange, Behaviour behaviour, int status, String contentType, String body)
            throws IOException {
        try {
            Duration wait = latency.plus(behaviour.delay());
            if (!wait.isZero() && !wait.isNegative()) {
                if (release.await(wait.toMillis(), TimeUnit.MILLISECONDS) && closed) {
                    dropConnection(exchange);
                    return;
                }
            }
            switch (behaviour.kind()) {
                case NO_ANSWER -> {
                    release.await(Behaviour.HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    dropConnection(exchange);
                }
                case CLOSE_CONNECTION -> dropConnection(exchange);
                default -> send(exchange, status, contentType, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropConnection(exchange);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null && bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /**
     * Closing an exchange before response headers were sent makes the JDK server close the TCP connection: the
     * client sees end-of-stream without a status line.
     */
    private static void dropConnection(HttpExchange exchange) {
        exchange.close();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        Instant arrivedAt = Instant.now();
        synchronized (lock) {
            arrivals.add(arrivedAt);
        }
        mostHandled.accumulateAndGet(handling.incrementAndGet(), Math::max);
        try {
            handle(exchange, arrivedAt);
        } catch (RuntimeException | IOException | Error e) {
            if (!closed) {
                System.err.println(getClass().getSimpleName() + " failed to handle a request: " + e);
            }
            dropConnection(exchange);
        } finally {
            handling.decrementAndGet();
        }
    }
}
