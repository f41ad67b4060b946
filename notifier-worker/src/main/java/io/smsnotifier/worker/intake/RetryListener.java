package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.delivery.DeliveryPipeline;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.lang.reflect.Method;

/**
 * The record listener on one request topic's retry topics: delivers one record at a time, and throws what failed
 * to the retry-topic error handling, which moves the record on ({@link RetryConfiguration}).
 */
final class RetryListener {

    /** What the listener containers invoke. */
    static final Method ON_RECORD = onRecordMethod();

    private final RequestTopic topic;
    private final DeliveryPipeline pipeline;
    private final ClaimHolders holders;

    RetryListener(RequestTopic topic, DeliveryPipeline pipeline, ClaimHolders holders) {
        this.topic = topic;
        this.pipeline = pipeline;
        this.holders = holders;
    }

    void onRecord(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        pipeline.deliver(topic.decode(record, holders.of(consumer)));
    }

    private static Method onRecordMethod() {
        try {
            return RetryListener.class.getDeclaredMethod("onRecord", ConsumerRecord.class, Consumer.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
