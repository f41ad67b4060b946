package io.smsnotifier.worker.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes what many threads hand in with shared statements (group commit): whoever finds the writer free writes
 * everything queued so far in one go, while later callers queue for the next one. A caller returns once its own
 * item is written (committed), or gets the write's exception. Requests in flight together thus cost one database
 * round trip, not one each. Thread-safe.
 */
final class GroupWriter<T> {

    private record Pending<T>(T item, CompletableFuture<Void> written) {
    }

    private final Consumer<List<T>> write;
    private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** @param write writes all the items given, in one transaction or statement */
    GroupWriter(Consumer<List<T>> write) {
        this.write = write;
    }

    void write(T item) {
        Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
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
            pending.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void writeQueued() {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> pending; (pending = queue.poll()) != null; ) {
            batch.add(pending);
        }
        try {
            write.accept(batch.stream().map(Pending::item).toList());
            batch.forEach(pending -> pending.written().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }
}
