package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Registers the batch listeners on the request topics. They are registered here rather than with
 * {@code @KafkaListener} because the retry-topic configuration claims every annotated listener on those topics
 * and would try to give these batch listeners retry topics too, which Spring Kafka supports only for record
 * listeners. Their ids and group ids are the ones the record listeners used to have, so committed offsets carry
 * over.
 */
@Configuration(proxyBeanMethods = false)
class BatchListenerEndpoints implements KafkaListenerConfigurer {

    private final ObjectProvider<EventListeners> events;
    private final ObjectProvider<LoginCodeListener> loginCodes;
    private final NotifierTopics topics;
    private final BeanFactory beans;

    BatchListenerEndpoints(ObjectProvider<EventListeners> events, ObjectProvider<LoginCodeListener> loginCodes,
                           NotifierTopics topics, BeanFactory beans) {
        this.events = events;
        this.loginCodes = loginCodes;
        this.topics = topics;
        this.beans = beans;
    }

    @Override
    public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
        KafkaListenerContainerFactory<?> requests = factory(KafkaConfiguration.REQUEST_BATCH_LISTENER_FACTORY);
        EventListeners listeners = events.getObject();
        registrar.registerEndpoint(new BatchEndpoint("approval-reached", topics.approvalReached(),
                listeners::onApprovalsReached), requests);
        registrar.registerEndpoint(new BatchEndpoint("approval-cc", topics.approvalCc(),
                listeners::onApprovalsCarbonCopied), requests);
        registrar.registerEndpoint(new BatchEndpoint("sms-notify", topics.smsNotify(),
                listeners::onSmsNotificationsRequested), requests);
        registrar.registerEndpoint(new BatchEndpoint("login-code", topics.loginCode(),
                loginCodes.getObject()::onLoginCodesRequested),
                factory(KafkaConfiguration.LOGIN_CODE_BATCH_LISTENER_FACTORY));
    }

    private KafkaListenerContainerFactory<?> factory(String name) {
        return beans.getBean(name, KafkaListenerContainerFactory.class);
    }

    /** One batch listener on one topic, in consumer group {@code sms-notifier.<id>}. */
    private record BatchEndpoint(String id, String topic,
                                 BiConsumer<List<ConsumerRecord<String, byte[]>>, Consumer<?, ?>> handler)
            implements KafkaListenerEndpoint {

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String getGroupId() {
            return "sms-notifier." + id;
        }

        @Override
        public @Nullable String getGroup() {
            return null;
        }

        @Override
        public Collection<String> getTopics() {
            return List.of(topic);
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
}
