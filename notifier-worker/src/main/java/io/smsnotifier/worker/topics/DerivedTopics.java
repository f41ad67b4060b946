package io.smsnotifier.worker.topics;

import org.jspecify.annotations.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names of the topics derived from a request topic: {@code <topic>-retry-<n>} and {@code <topic>-dlt}. */
public final class DerivedTopics {

    private static final Pattern DERIVED = Pattern.compile("(.+?)(-retry(-\\d+)?|-dlt)");

    private DerivedTopics() {
    }

    /** The request topic a retry or dead-letter topic derives from, or null for any other topic. */
    public static @Nullable String sourceOf(String topic) {
        Matcher matcher = DERIVED.matcher(topic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The request topic a retry topic retries, or null for a dead-letter or any other topic. */
    public static @Nullable String retriedBy(String topic) {
        return topic.endsWith("-dlt") ? null : sourceOf(topic);
    }
}
