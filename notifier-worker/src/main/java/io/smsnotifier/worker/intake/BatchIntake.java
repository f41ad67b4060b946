package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.PermanentDeliveryFailure;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Delivers a poll of request records at once and routes each record that failed, alone, as a record listener
 * would: transient failures are retried in place ({@code notifier.retry.in-place}) and then sent to the first
 * retry topic; permanent ones and undecodable records go to {@code <topic>-dlt}. Returns only when every record
 * is settled or durably forwarded, so the batch's offsets may then be committed. Anything thrown out of here (the
 * database or the broker unreachable) fails the whole batch, which the container redelivers: the ledger makes
 * that harmless.
 */
@Component
class BatchIntake {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchIntake.class);

    private final DeliveryPipeline pipeline;
    private final IntakeRecoverers recoverers;
    private final RetryProperties retry;

    BatchIntake(DeliveryPipeline pipeline, IntakeRecoverers recoverers, RetryProperties retry) {
        this.pipeline = pipeline;
        this.recoverers = recoverers;
        this.retry = retry;
    }

    void deliver(String retriesListenerId, List<ConsumerRecord<String, byte[]>> records,
                 Function<ConsumerRecord<String, byte[]>, DeliveryRequest> decode) {
        long started = System.nanoTime();
        Map<ConsumerRecord<String, byte[]>, Failed> failed = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> pending = new ArrayList<>(records.size());
        List<DeliveryRequest> requests = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                requests.add(decode.apply(record));
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
            // What a record listener's container would have set: the dead letter's attempt count includes these.
            record.headers().remove(KafkaHeaders.DELIVERY_ATTEMPT);
            record.headers().add(KafkaHeaders.DELIVERY_ATTEMPT,
                    ByteBuffer.allocate(Integer.BYTES).putInt(failure.attempts()).array());
            recoverers.recover(retriesListenerId, record, failure.exception());
        });
        if (log.isDebugEnabled()) {
            log.debug("poll of {} delivered records={} forwarded={} took={}us", retriesListenerId, records.size(),
                    failed.size(), (System.nanoTime() - started) / 1_000);
        }
    }

    private record Failed(RuntimeException exception, int attempts) {
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
