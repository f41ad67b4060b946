package io.smsnotifier.worker.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.deadletter.DeadLetterPublisher;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers a poll of request records at once and routes each record that failed, alone, as a record listener
 * would: transient failures are retried in place ({@code notifier.retry.in-place}) and then sent to the first
 * retry topic; permanent ones and undecodable records go to the dead-letter topic. Returns only when every record
 * is settled or durably forwarded, so the batch's offsets may then be committed. Anything thrown out of here (the
 * database or the broker unreachable) fails the whole batch, which the container redelivers: the ledger makes
 * that harmless.
 */
@Component
class BatchIntake {

    static final int FORWARD_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);

    private final DeliveryPipeline pipeline;
    private final IntakeRecoverers recoverers;
    private final RetryProperties retry;
    private final MeterRegistry meters;
    /** Failed forwards by record (topic/partition/offset), while that record keeps coming back. */
    private final Map<String, Integer> forwardFailures = new ConcurrentHashMap<>();

    BatchIntake(DeliveryPipeline pipeline, IntakeRecoverers recoverers, RetryProperties retry, MeterRegistry meters) {
        this.pipeline = pipeline;
        this.recoverers = recoverers;
        this.retry = retry;
        this.meters = meters;
    }

    /** Delivers one poll of {@code topic}, whose records are handled by {@code holder} ({@link ClaimHolders}). */
    void deliver(RequestTopic topic, List<ConsumerRecord<String, byte[]>> records, String holder) {
        long started = System.nanoTime();
        Map<ConsumerRecord<String, byte[]>, Failed> failed = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> pending = new ArrayList<>(records.size());
        List<DeliveryRequest> requests = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                requests.add(topic.decode(record, holder));
                pending.add(record);
            } catch (RuntimeException e) {
                failed.put(record, new Failed(e, 1));
            }
        }
        for (int attempt = 1; !requests.isEmpty(); attempt++) {
            List<DeliveryPipeline.Result> results = pipeline.deliverAll(requests);
            List<ConsumerRecord<String, byte[]>> again = new ArrayList<>();
            List<DeliveryRequest> againRequests = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                RuntimeException failure = results.get(i).failure();
                if (failure == null) {
                    continue;
                }
                if (failure instanceof PermanentDeliveryFailure || attempt >= retry.inPlace().attempts()) {
                    failed.put(pending.get(i), new Failed(failure, attempt));
                } else {
                    again.add(pending.get(i));
                    againRequests.add(requests.get(i));
                }
            }
            pending = again;
            requests = againRequests;
            if (!requests.isEmpty()) {
                pause();
            }
        }
        failed.forEach((record, failure) -> {
            ProducerHeaders.dropReserved(record.headers());
            // What a record listener's container would have set: the dead letter's attempt count includes these.
            record.headers().add(KafkaHeaders.DELIVERY_ATTEMPT,
                    ByteBuffer.allocate(Integer.BYTES).putInt(failure.attempts()).array());
            forward(topic.retriesId(), record, failure.exception());
        });
        if (log.isDebugEnabled()) {
            log.debug("poll of {} delivered records={} forwarded={} took={}us", topic.retriesId(), records.size(),
                    failed.size(), (System.nanoTime() - started) / 1_000);
        }
    }

    private record Failed(RuntimeException exception, int attempts) {
    }

    /**
     * Forwards one failed record (a copy too large for the producer goes without its value:
     * {@link DeadLetterPublisher}). A refusal fails the poll, which is delivered again, up to
     * {@value #FORWARD_ATTEMPTS} times for the same record: then it is given up with an {@code ALERT} line and a
     * count in {@code notifier.intake.forward.abandoned}, so that one record the broker will never take (a
     * forbidden or missing dead-letter topic) cannot stop its partition for good. While the broker is down no poll
     * arrives, so an outage never counts against a record.
     */
    private void forward(String retriesListenerId, ConsumerRecord<String, byte[]> record, RuntimeException failure) {
        String identity = record.topic() + "/" + record.partition() + "/" + record.offset();
        try {
            recoverers.recover(retriesListenerId, record, failure);
            forwardFailures.remove(identity);
        } catch (RuntimeException e) {
            int failures = forwardFailures.merge(identity, 1, Integer::sum);
            if (forwardFailures.size() > 10_000) {
                forwardFailures.clear();
            }
            if (failures < FORWARD_ATTEMPTS) {
                throw e;
            }
            forwardFailures.remove(identity);
            meters.counter("notifier.intake.forward.abandoned", "topic", record.topic()).increment();
            log.error("ALERT record given up: it could not be forwarded to its retry or dead-letter topic in {} "
                            + "tries topic={} partition={} offset={} key={} cause={}", FORWARD_ATTEMPTS, record.topic(),
                    record.partition(), record.offset(), LogSafe.key(record.key()), LogSafe.text(rootCause(e)));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private void pause() {
        try {
            Thread.sleep(retry.inPlace().interval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between in-place retries; the batch will be redelivered", e);
        }
    }
}
