package io.smsnotifier.it.simulators;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a simulated vendor's reviewers decided of its templates ({@code QuerySmsTemplate},
 * {@code DescribeSmsTemplateList}): approved unless a test says otherwise. A template in review or rejected is
 * refused when sent, as the vendors do. The questions are kept apart from the simulator's {@code requests()}, so
 * that the worker's polls never disturb tests that count requests. Cleared by the simulator's reset.
 */
public final class TemplateReviewStates {

    public enum State {
        IN_REVIEW, APPROVED, REJECTED
    }

    public record Review(State state, String reason) {
    }

    private final Map<String, Review> reviews = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** The reviewers' decision on {@code code}; {@code reason} is answered with a rejection. */
    public TemplateReviewStates set(String code, State state, String reason) {
        reviews.put(code, new Review(state, reason));
        return this;
    }

    public Review of(String code) {
        return reviews.getOrDefault(code, new Review(State.APPROVED, ""));
    }

    /** False when the template is in review or rejected: a send of it is refused. */
    public boolean sendable(String code) {
        return of(code).state() == State.APPROVED;
    }

    /** The codes asked about since the last reset, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    void asked(String code) {
        asked.add(code);
    }

    void reset() {
        reviews.clear();
        asked.clear();
    }
}
