package io.smsnotifier.worker.intake;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Headers on a request or directory record come from its producer, who may set any name. Names that the worker
 * or Spring Kafka's retry topics write on the worker's behalf ({@code notifier-*} for the dead-letter reason,
 * attempts and original topic; {@code kafka_*} and {@code retry_topic-*} for the retry schedule) are dropped on
 * the first hop, before a record is forwarded to a retry or dead-letter topic: otherwise a producer allowed to
 * write only {@code sms.notify} could choose where a replay goes, fake attempts or stall its partition.
 */
final class ProducerHeaders {

    static final List<String> RESERVED_PREFIXES = List.of("notifier-", "kafka_", "retry_topic-");

    private ProducerHeaders() {
    }

    /** Removes every header whose name the worker reserves; returns how many names were removed. */
    static int dropReserved(Headers headers) {
        Set<String> reserved = new LinkedHashSet<>();
        for (Header header : headers) {
            if (isReserved(header.key())) {
                reserved.add(header.key());
            }
        }
        reserved.forEach(headers::remove);
        return reserved.size();
    }

    static boolean isReserved(String name) {
        for (String prefix : RESERVED_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }
}
