package io.smsnotifier.worker.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes what many threads hand in with shared statements (group commit): whoever finds the writer free writes
 * everything queued so far in one go, while later callers queue for the next one. A caller returns once its own
 * item is written (committed), or gets the write's exception. Requests in flight together thus cost one database
 * round trip, not one each. Every caller gets the result of the write its item was in. Thread-safe.
 */
final class GroupWriter<T, R> {

    private record Pending<T, R>(T item, CompletableFuture<R> written) {
    }

    private final Function<List<T>, R> write;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** @param write writes all the items given, in one transaction or statement */
    GroupWriter(Function<List<T>, R> write) {
        this.write = write;
    }

    R write(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        writer.lock();
        try {
            if (!pending.written().isDone()) {
                writeQueued();
            }
        } finally {
            writer.unlock();
        }
        try {
            return pending.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void writeQueued() {
        List<Pending<T, R>> batch = new ArrayList<>();
        for (Pending<T, R> pending; (pending = queue.poll()) != null; ) {
            batch.add(pending);
        }
        try {
            R result = write.apply(batch.stream().map(Pending::item).toList());
            batch.forEach(pending -> pending.written().complete(result));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }
}
