package io.smsnotifier.worker.intake;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * One batch listener on one request topic. Declared programmatically rather than with {@code @KafkaListener}:
 * Spring Kafka's retry topics serve record listeners only, and these must stay out of them.
 */
record BatchEndpoint(RequestTopic topic,
                     BiConsumer<List<ConsumerRecord<String, byte[]>>, Consumer<?, ?>> handler)
        implements KafkaListenerEndpoint {

    @Override
    public String getId() {
        return topic.id();
    }

    @Override
    public String getGroupId() {
        return topic.groupId();
    }

    @Override
    public @Nullable String getGroup() {
        return null;
    }

    @Override
    public Collection<String> getTopics() {
        return List.of(topic.topic());
    }

    @Override
    public TopicPartitionOffset @Nullable [] getTopicPartitionsToAssign() {
        return null;
    }

    @Override
    public @Nullable Pattern getTopicPattern() {
        return null;
    }

    @Override
    public @Nullable String getClientIdPrefix() {
        return null;
    }

    @Override
    public @Nullable Integer getConcurrency() {
        return null;
    }

    @Override
    public @Nullable Boolean getAutoStartup() {
        return null;
    }

    @Override
    public Boolean getBatchListener() {
        return true;
    }

    @Override
    public boolean isSplitIterables() {
        return true;
    }

    @Override
    public void setupListenerContainer(MessageListenerContainer container,
                                       @Nullable MessageConverter messageConverter) {
        container.setupMessageListener((BatchConsumerAwareMessageListener<String, byte[]>) handler::accept);
    }
}
