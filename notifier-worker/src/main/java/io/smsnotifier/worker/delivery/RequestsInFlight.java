package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.logincode.LoginCodePriority;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The vendor requests in flight, per lane: each lane has its own bound ({@code notifier.delivery.requests-in-flight})
 * and its own threads, so that a flood of approvals never takes the room login codes need, and bulk rounds and
 * requests hold back while a round of login codes is out ({@link LoginCodePriority}). Thread-safe.
 */
@Component
class RequestsInFlight {

    private final LoginCodePriority priority;
    private final Semaphore loginCodeRequests;
    private final Semaphore bulkRequests;
    /**
     * Login codes are sent from platform threads, so that with a backlog of approvals keeping the CPU busy the
     * operating system, not the virtual-thread scheduler's queue behind hundreds of approval tasks, decides when
     * a code's thread runs (measured: no difference on its own in the benchmark's workload d; kept with the rest
     * of the login-code measures it was measured with).
     */
    private final ExecutorService loginCodeSenders = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("login-code-send-", 0).daemon().factory());
    private final ExecutorService bulkSenders = Executors.newVirtualThreadPerTaskExecutor();

    RequestsInFlight(DeliveryProperties properties) {
        this.priority = new LoginCodePriority(properties.backlogShare());
        this.loginCodeRequests = new Semaphore(properties.requestsInFlight());
        this.bulkRequests = new Semaphore(properties.requestsInFlight());
    }

    @PreDestroy
    void stop() {
        loginCodeSenders.shutdown();
        bulkSenders.shutdown();
    }

    /** A round starts: login codes take the lead; bulk rounds wait while codes are out. */
    void roundStarts(Lane lane) {
        if (lane == Lane.LOGIN_CODE) {
            priority.begin();
        } else {
            priority.yieldToLoginCodes();
        }
    }

    /** A round has sent and settled, before it lets go of its claims. */
    void roundEnds(Lane lane) {
        if (lane == Lane.LOGIN_CODE) {
            priority.end();
        }
    }

    /** After a bulk round has let go of its claims: it rests while codes flow, so nothing waits on it. */
    void restAfter(Lane lane, long roundNanos) {
        if (lane == Lane.BULK) {
            priority.restAfter(roundNanos);
        }
    }

    /**
     * Runs the tasks (each one vendor request and the settling of its answer) in flight together within the
     * lane's bound, and returns once every one of them has finished.
     *
     * @throws TransientDeliveryFailure when the worker is stopping or the thread was interrupted; tasks started
     *                                  are still waited for
     */
    void runAll(Lane lane, List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.getFirst().run();
            return;
        }
        boolean bulk = lane == Lane.BULK;
        Semaphore room = bulk ? bulkRequests : loginCodeRequests;
        ExecutorService executor = bulk ? bulkSenders : loginCodeSenders;
        List<Future<?>> running = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        for (Runnable task : tasks) {
            if (bulk) {
                priority.yieldToLoginCodes();
            }
            room.acquireUninterruptibly();
            try {
                running.add(executor.submit(() -> {
                    try {
                        if (bulk) {
                            // Tasks already queued hold back too when a round of codes starts.
                            priority.yieldToLoginCodes();
                        }
                        task.run();
                    } finally {
                        room.release();
                    }
                }));
            } catch (RejectedExecutionException e) {
                // Shutting down: what is not sent stays owed; what is out is waited for below.
                room.release();
                failure = new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, "the worker is stopping", null, e);
                break;
            }
        }
        RuntimeException waited = awaitAll(running);
        if (failure == null) {
            failure = waited;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Waits for every task, whatever happens to one of them: the round lets go of its ledger claims when it ends,
     * and a claim let go while its request is still out would let another copy send it again.
     */
    private static @Nullable RuntimeException awaitAll(List<Future<?>> running) {
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> task : running) {
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
                } catch (ExecutionException e) {
                    // Tasks keep their failures in their job; anything else is a bug worth seeing.
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
        return failure;
    }
}
