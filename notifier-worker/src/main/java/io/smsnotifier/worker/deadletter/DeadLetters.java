package io.smsnotifier.worker.deadletter;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The dead-letter topics as ops work with them: read straight from Kafka (the worker never consumes them),
 * joined with what ops already did (replayed, discarded). Replaying republishes a dead letter's original record
 * to its original topic; the ledger then sends only what is still owed. Thread-safe.
 */
@Service
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_SCANNED = 200_000;
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d \\-]{6,18}\\d");
    private static final Set<String> PHONE_FIELDS = Set.of("phone", "phones", "mobile", "mobiles", "phonelist");
    static final String REPLAY_OF = "notifier-replay-of";

    private final ConsumerFactory<Object, Object> consumers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterActions actions;
    private final Set<String> deadLetterTopics;
    private final String loginCodeDeadLetters;

    DeadLetters(ConsumerFactory<Object, Object> consumers, KafkaTemplate<String, byte[]> kafka,
                DeadLetterActions actions, NotifierTopics topics) {
        this.consumers = consumers;
        this.kafka = kafka;
        this.actions = actions;
        this.deadLetterTopics = new LinkedHashSet<>();
        for (String topic : List.of(topics.approvalReached(), topics.approvalCc(), topics.loginCode(),
                topics.smsNotify(), topics.directoryMembers(), topics.directoryDepartments())) {
            deadLetterTopics.add(topics.deadLetterOf(topic));
        }
        this.loginCodeDeadLetters = topics.deadLetterOf(topics.loginCode());
    }

    public Set<String> topics() {
        return deadLetterTopics;
    }

    /** What to list: pending only by default; optionally one error code and a time window. */
    public record Filter(@Nullable String state, @Nullable String errorCode, @Nullable Instant from,
                         @Nullable Instant to) {

        boolean matches(DeadLetter letter) {
            return (state == null || state.equalsIgnoreCase("all") || state.equalsIgnoreCase(letter.state()))
                    && (errorCode == null || errorCode.equals(letter.errorCode()))
                    && (from == null || !letter.deadLetteredAt().isBefore(from))
                    && (to == null || letter.deadLetteredAt().isBefore(to));
        }
    }

    /** The dead letters of {@code topic} matching {@code filter}, oldest first, without values. */
    public List<DeadLetter> list(String topic, Filter filter) {
        requireKnown(topic);
        Map<String, DeadLetterActions.Action> done = actions.byRecord(topic);
        List<DeadLetter> letters = new ArrayList<>();
        scan(topic, record -> {
            DeadLetter letter = describe(record, done.get(record.partition() + "/" + record.offset()));
            if (filter.matches(letter)) {
                letters.add(letter);
            }
        });
        letters.sort(Comparator.comparing(DeadLetter::deadLetteredAt));
        return letters;
    }

    /** One dead letter with its value (login codes removed, numbers masked). */
    public Optional<DeadLetter> find(String topic, int partition, long offset) {
        requireKnown(topic);
        return read(topic, partition, offset).map(record -> describe(record,
                actions.byRecord(topic).get(partition + "/" + offset)).withValue(shown(record.value())));
    }

    /**
     * Republishes a pending dead letter's original record to its original topic.
     *
     * @throws IllegalStateException when it was already replayed or discarded, or is a login code
     */
    public DeadLetter replay(String topic, int partition, long offset, String actor) {
        requireKnown(topic);
        if (topic.equals(loginCodeDeadLetters)) {
            throw new IllegalStateException("login-code dead letters keep no code and cannot be replayed: "
                    + "the login service must issue a new code");
        }
        ConsumerRecord<String, byte[]> record = read(topic, partition, offset)
                .orElseThrow(() -> new IllegalArgumentException("no dead letter at " + topic + "/" + partition + "/" + offset));
        DeadLetter letter = describe(record, actions.byRecord(topic).get(partition + "/" + offset));
        if (!letter.state().equals("PENDING")) {
            throw new IllegalStateException("dead letter " + topic + "/" + partition + "/" + offset + " was already "
                    + letter.state().toLowerCase(Locale.ROOT));
        }
        ProducerRecord<String, byte[]> replay = replayOf(record);
        String target = replay.topic();
        try {
            kafka.send(replay).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not republish to " + target + ": " + e.getClass().getSimpleName(), e);
        }
        actions.record(topic, partition, offset, "REPLAYED", null, actor);
        log.info("dead letter replayed topic={} partition={} offset={} key={} to={} by={}", topic, partition, offset,
                LogSafe.key(record.key()), target, LogSafe.key(actor));
        return describe(record, new DeadLetterActions.Action("REPLAYED", null));
    }

    /**
     * Replays every pending dead letter of {@code topic} that matches {@code filter}, in one pass over the topic;
     * returns how many.
     */
    public int replayAll(String topic, Filter filter, String actor) {
        requireKnown(topic);
        if (topic.equals(loginCodeDeadLetters)) {
            throw new IllegalStateException("login-code dead letters keep no code and cannot be replayed: "
                    + "the login service must issue a new code");
        }
        Filter pending = new Filter("PENDING", filter.errorCode(), filter.from(), filter.to());
        Map<String, DeadLetterActions.Action> done = actions.byRecord(topic);
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        scan(topic, record -> {
            DeadLetter letter = describe(record, done.get(record.partition() + "/" + record.offset()));
            if (pending.matches(letter)) {
                matching.add(record);
                sends.add(kafka.send(replayOf(record)));
            }
        });
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not republish the dead letters of " + topic + ": "
                    + e.getClass().getSimpleName(), e);
        }
        for (ConsumerRecord<String, byte[]> record : matching) {
            actions.record(topic, record.partition(), record.offset(), "REPLAYED", null, actor);
        }
        log.info("dead letters replayed topic={} count={} errorCode={} by={}", topic, matching.size(),
                LogSafe.key(filter.errorCode()), LogSafe.key(actor));
        return matching.size();
    }

    private static ProducerRecord<String, byte[]> replayOf(ConsumerRecord<String, byte[]> record) {
        // The dead-letter topic's own name says where its records came from; a header could be a producer's.
        String target = record.topic().substring(0, record.topic().length() - "-dlt".length());
        ProducerRecord<String, byte[]> replay = new ProducerRecord<>(target, null, record.key(), record.value());
        replay.headers().add(REPLAY_OF, (record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return replay;
    }

    /** Marks a pending dead letter as discarded, with the reason, for the audit. */
    public DeadLetter discard(String topic, int partition, long offset, String reason, String actor) {
        requireKnown(topic);
        ConsumerRecord<String, byte[]> record = read(topic, partition, offset)
                .orElseThrow(() -> new IllegalArgumentException("no dead letter at " + topic + "/" + partition + "/" + offset));
        if (!actions.record(topic, partition, offset, "DISCARDED", reason, actor)) {
            throw new IllegalStateException("dead letter " + topic + "/" + partition + "/" + offset
                    + " was already replayed or discarded");
        }
        log.info("dead letter discarded topic={} partition={} offset={} key={} by={} reason=\"{}\"", topic, partition,
                offset, LogSafe.key(record.key()), LogSafe.key(actor), LogSafe.text(reason));
        return describe(record, new DeadLetterActions.Action("DISCARDED", reason));
    }

    /** Pending dead letters per topic and the age of the oldest, for metrics. */
    public record Backlog(String topic, int pending, @Nullable Instant oldest) {
    }

    public List<Backlog> backlog() {
        List<Backlog> backlog = new ArrayList<>();
        for (String topic : deadLetterTopics) {
            List<DeadLetter> pending = list(topic, new Filter("PENDING", null, null, null));
            backlog.add(new Backlog(topic, pending.size(), pending.isEmpty() ? null : pending.getFirst().deadLetteredAt()));
        }
        return backlog;
    }

    private void requireKnown(String topic) {
        if (!deadLetterTopics.contains(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is not a dead-letter topic of this worker; known: "
                    + deadLetterTopics);
        }
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, byte[]> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return (Consumer<String, byte[]>) (Consumer<?, ?>) consumers.createConsumer(null, "dead-letter-browser",
                null, overrides);
    }

    private void scan(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int scanned = 0;
            Instant deadline = Instant.now().plusSeconds(30);
            while (scanned < MAX_SCANNED && Instant.now().isBefore(deadline)
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                        scanned++;
                    }
                }
            }
        }
    }

    private Optional<ConsumerRecord<String, byte[]>> read(String topic, int partition, long offset) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            Long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (end == null || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static DeadLetter describe(ConsumerRecord<String, byte[]> record, DeadLetterActions.@Nullable Action action) {
        String attempts = header(record, "notifier-attempts");
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                Instant.ofEpochMilli(record.timestamp()), header(record, "notifier-error-code"),
                header(record, "notifier-provider-error-code"), header(record, "notifier-reason"),
                attempts == null ? null : Integer.valueOf(attempts), header(record, "notifier-first-failed-at"),
                header(record, "notifier-last-failed-at"), header(record, "notifier-original-topic"),
                header(record, "notifier-original-partition"), header(record, "notifier-original-offset"),
                action == null ? "PENDING" : action.action(), action == null ? null : action.reason(), null);
    }

    private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The value as JSON with every {@code code} removed and phone numbers masked; otherwise only its size. */
    static Object shown(byte @Nullable [] value) {
        if (value == null) {
            return "(no value kept)";
        }
        try {
            JsonNode tree = EventJson.mapper().readTree(value);
            return redact(tree, null);
        } catch (JacksonException e) {
            return "(" + value.length + " bytes, not JSON)";
        }
    }

    private static JsonNode redact(JsonNode node, @Nullable String field) {
        if (node instanceof ObjectNode object) {
            object.remove("code");
            for (String name : new ArrayList<>(object.propertyNames())) {
                object.set(name, redact(object.get(name), name));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i), field));
            }
            return array;
        }
        if (node.isString()) {
            String text = node.asString();
            boolean phoneField = field != null && PHONE_FIELDS.contains(field.toLowerCase(Locale.ROOT));
            if (phoneField || PHONE_LIKE.matcher(text).matches()) {
                return EventJson.mapper().getNodeFactory().stringNode(PhoneMask.mask(text.replaceAll("[ \\-]", "")));
            }
        }
        return node;
    }
}
