package io.smsnotifier.worker.deadletter;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.topics.DerivedTopics;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dead-letter topics as ops work with them: read straight from Kafka ({@link DeadLetterReader}), joined with
 * what ops already did ({@link DeadLetterActions}). Replaying republishes a dead letter's original record to its
 * original topic; the ledger then sends only what is still owed. Every replay and discard is logged here, with
 * who did it, and goes to the {@link AuditLog} in the transaction that records it. Thread-safe.
 */
@Service
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterReader reader;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetterActions actions;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Set<String> deadLetterTopics;
    private final String loginCodeDeadLetters;

    DeadLetters(DeadLetterReader reader, KafkaTemplate<String, byte[]> kafka, DeadLetterActions actions,
                AuditLog audit, TransactionTemplate transaction, NotifierTopics topics) {
        this.reader = reader;
        this.kafka = kafka;
        this.actions = actions;
        this.audit = audit;
        this.transaction = transaction;
        this.deadLetterTopics = topics.deadLetterTopics();
        this.loginCodeDeadLetters = topics.deadLetterOf(topics.loginCode());
    }

    /** Pending dead letters of one topic and when the oldest arrived. Public for the console's overview. */
    public record Backlog(String topic, int pending, @Nullable Instant oldest) {
    }

    /** The dead-letter topics of this worker's topics, in a stable order. */
    public Set<String> topics() {
        return deadLetterTopics;
    }

    /** The dead letters of {@code topic} matching {@code filter}, oldest first, without values. */
    public List<DeadLetter> list(String topic, DeadLetterFilter filter) {
        requireKnown(topic);
        Map<String, DeadLetterActions.Action> done = actions.byRecord(topic);
        List<DeadLetter> letters = new ArrayList<>();
        reader.scan(topic, record -> {
            DeadLetter letter = DeadLetter.of(record, done.get(DeadLetterActions.key(record.partition(),
                    record.offset())));
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
        return reader.read(topic, partition, offset).map(record -> DeadLetter.of(record,
                actions.byRecord(topic).get(DeadLetterActions.key(partition, offset)))
                .withValue(Redaction.shown(record.value())));
    }

    /**
     * Republishes a pending dead letter's original record to its original topic.
     *
     * @throws IllegalStateException when it was already replayed or discarded, or is a login code
     */
    public DeadLetter replay(String topic, int partition, long offset, String actor) {
        requireReplayable(topic);
        ConsumerRecord<String, byte[]> record = existing(topic, partition, offset);
        DeadLetter letter = DeadLetter.of(record, actions.byRecord(topic).get(DeadLetterActions.key(partition,
                offset)));
        if (letter.state() != State.PENDING) {
            throw new IllegalStateException("dead letter " + topic + "/" + partition + "/" + offset + " was already "
                    + letter.state().name().toLowerCase(Locale.ROOT));
        }
        ProducerRecord<String, byte[]> replay = replayOf(record);
        try {
            kafka.send(replay).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not republish to " + replay.topic() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        DeadLetterActions.Action replayed = new DeadLetterActions.Action(State.REPLAYED, null);
        transaction.executeWithoutResult(status -> {
            actions.record(topic, partition, offset, replayed, actor);
            audit.record(actor, "deadletter.replay", target(topic, partition, offset), Map.of("to", replay.topic()));
        });
        log.info("dead letter replayed topic={} partition={} offset={} key={} to={} by={}", topic, partition, offset,
                LogSafe.key(record.key()), replay.topic(), LogSafe.key(actor));
        return DeadLetter.of(record, replayed);
    }

    /**
     * Replays every pending dead letter of {@code topic} that matches {@code filter}'s error code and time window,
     * in one pass over the topic; returns how many.
     */
    public int replayAll(String topic, DeadLetterFilter filter, String actor) {
        requireReplayable(topic);
        DeadLetterFilter pending = DeadLetterFilter.pending(filter.errorCode(), filter.from(), filter.to());
        Map<String, DeadLetterActions.Action> done = actions.byRecord(topic);
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        reader.scan(topic, record -> {
            if (pending.matches(DeadLetter.of(record, done.get(DeadLetterActions.key(record.partition(),
                    record.offset()))))) {
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
        DeadLetterActions.Action replayed = new DeadLetterActions.Action(State.REPLAYED, null);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("replayed", matching.size());
        if (filter.errorCode() != null) {
            changes.put("errorCode", LogSafe.key(filter.errorCode()));
        }
        if (filter.from() != null) {
            changes.put("from", filter.from().toString());
        }
        if (filter.to() != null) {
            changes.put("to", filter.to().toString());
        }
        transaction.executeWithoutResult(status -> {
            for (ConsumerRecord<String, byte[]> record : matching) {
                actions.record(topic, record.partition(), record.offset(), replayed, actor);
            }
            audit.record(actor, "deadletter.replay-all", "deadletter:" + topic, changes);
        });
        log.info("dead letters replayed topic={} count={} errorCode={} by={}", topic, matching.size(),
                LogSafe.key(filter.errorCode()), LogSafe.key(actor));
        return matching.size();
    }

    /** Marks a pending dead letter as discarded, with the reason, for the audit. */
    public DeadLetter discard(String topic, int partition, long offset, String reason, String actor) {
        requireKnown(topic);
        ConsumerRecord<String, byte[]> record = existing(topic, partition, offset);
        DeadLetterActions.Action discarded = new DeadLetterActions.Action(State.DISCARDED, reason);
        transaction.executeWithoutResult(status -> {
            if (!actions.record(topic, partition, offset, discarded, actor)) {
                throw new IllegalStateException("dead letter " + topic + "/" + partition + "/" + offset
                        + " was already replayed or discarded");
            }
            // Ops write reasons by hand: a number pasted into one stays out of the audit log.
            audit.record(actor, "deadletter.discard", target(topic, partition, offset),
                    Map.of("reason", Redaction.phonesMasked(LogSafe.text(reason))));
        });
        log.info("dead letter discarded topic={} partition={} offset={} key={} by={} reason=\"{}\"", topic, partition,
                offset, LogSafe.key(record.key()), LogSafe.key(actor), LogSafe.text(reason));
        return DeadLetter.of(record, discarded);
    }

    /** Pending dead letters per topic and the age of the oldest, for metrics and the console's overview. */
    public List<Backlog> backlog() {
        List<Backlog> backlog = new ArrayList<>();
        for (String topic : deadLetterTopics) {
            List<DeadLetter> pending = list(topic, DeadLetterFilter.pending(null, null, null));
            backlog.add(new Backlog(topic, pending.size(),
                    pending.isEmpty() ? null : pending.getFirst().deadLetteredAt()));
        }
        return backlog;
    }

    /** What the audit log names a dead letter by. */
    private static String target(String topic, int partition, long offset) {
        return "deadletter:" + topic + "/" + partition + "/" + offset;
    }

    private static ProducerRecord<String, byte[]> replayOf(ConsumerRecord<String, byte[]> record) {
        // The dead-letter topic's own name says where its records came from; a header could be a producer's.
        String target = DerivedTopics.sourceOf(record.topic());
        ProducerRecord<String, byte[]> replay = new ProducerRecord<>(target, null, record.key(), record.value());
        replay.headers().add(DeadLetterHeaders.REPLAY_OF,
                DeadLetterHeaders.bytes(record.topic() + "/" + record.partition() + "/" + record.offset()));
        return replay;
    }

    private ConsumerRecord<String, byte[]> existing(String topic, int partition, long offset) {
        return reader.read(topic, partition, offset).orElseThrow(() ->
                new IllegalArgumentException("no dead letter at " + topic + "/" + partition + "/" + offset));
    }

    /** A login code's dead letter has lost its code (DeadLetterPublisher): sending it again would send nothing. */
    private void requireReplayable(String topic) {
        requireKnown(topic);
        if (topic.equals(loginCodeDeadLetters)) {
            throw new IllegalStateException("login-code dead letters keep no code and cannot be replayed: "
                    + "the login service must issue a new code");
        }
    }

    private void requireKnown(String topic) {
        if (!deadLetterTopics.contains(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is not a dead-letter topic of this worker; known: "
                    + deadLetterTopics);
        }
    }
}
