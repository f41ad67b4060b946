package io.smsnotifier.worker.providers.sandbox;

import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@value #CAPACITY} messages given to sandbox services, in memory. Thread-safe.
 */
@Component
public class SandboxOutbox {

    static final int CAPACITY = 10_000;

    private final Deque<SandboxMessage> messages = new ArrayDeque<>();

    synchronized void add(SandboxMessage message) {
        if (messages.size() == CAPACITY) {
            messages.removeLast();
        }
        messages.addFirst(message);
    }

    /** Newest first. */
    public synchronized List<SandboxMessage> newestFirst(int limit) {
        List<SandboxMessage> page = new ArrayList<>(Math.min(limit, messages.size()));
        for (SandboxMessage message : messages) {
            if (page.size() == limit) {
                break;
            }
            page.add(message);
        }
        return page;
    }
}
