package io.smsnotifier.worker.intake;

import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryPipeline;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.retrytopic.RetryTopicBeanNames;
import org.springframework.kafka.retrytopic.RetryTopicConfigurer;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the listeners of every request topic ({@link RequestTopics}): a batch listener on the topic, which
 * delivers a whole poll at once ({@link BatchIntake}), and, through Spring Kafka's retry-topic support as
 * {@code @RetryableTopic} would, a record listener on each of its retry topics ({@link RetryListener}).
 * <p>
 * Of the containers the retry-topic support creates only those on the retry topics run: the one on the topic
 * itself never starts, because the batch listener consumes it, nor does the one on the dead-letter topic, because
 * dead letters wait for ops.
 */
@Component
class RequestListeners implements KafkaListenerConfigurer {

    private final RequestTopics topics;
    private final BatchIntake intake;
    private final DeliveryPipeline pipeline;
    private final ClaimHolders holders;
    private final RetryConfiguration.Schedules schedules;
    private final BeanFactory beans;

    RequestListeners(RequestTopics topics, BatchIntake intake, DeliveryPipeline pipeline, ClaimHolders holders,
                     RetryConfiguration.Schedules schedules, KafkaListenerEndpointRegistry registry,
                     BeanFactory beans) {
        this.topics = topics;
        this.intake = intake;
        this.pipeline = pipeline;
        this.holders = holders;
        this.schedules = schedules;
        this.beans = beans;
        // Otherwise a restart of the context (stop, then start: what the test framework does to cached contexts,
        // and ops might do over JMX) starts every container, those that must never run included: the ones on the
        // request topics themselves would compete with the batch listeners, the dead-letter ones would consume the
        // dead letters. Then only the containers that start on their own start again.
        registry.setAlwaysStartAfterRefresh(false);
    }

    @Override
    public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
        RetryTopicConfigurer retryTopics = beans.getBean(RetryTopicBeanNames.RETRY_TOPIC_CONFIGURER_BEAN_NAME,
                RetryTopicConfigurer.class);
        DefaultMessageHandlerMethodFactory handlerMethods = new DefaultMessageHandlerMethodFactory();
        handlerMethods.afterPropertiesSet();
        for (RequestTopic topic : topics.all()) {
            registrar.registerEndpoint(new BatchEndpoint(topic,
                            (records, consumer) -> intake.deliver(topic, records, holders.of(consumer))),
                    factory(topic.batchListenerFactory()));
            registerRetryListeners(topic, registrar, retryTopics, handlerMethods);
        }
    }

    private void registerRetryListeners(RequestTopic topic, KafkaListenerEndpointRegistrar registrar,
                                        RetryTopicConfigurer retryTopics,
                                        DefaultMessageHandlerMethodFactory handlerMethods) {
        RetryListener listener = new RetryListener(topic, pipeline, holders);
        List<MethodKafkaListenerEndpoint<?, ?>> endpoints = new ArrayList<>();
        // Applied to the main endpoint and to each one Spring Kafka derives from it, before it adds the suffixes
        // (-retry-<n>, -dlt) to the ids, groups and topics set here.
        RetryTopicConfigurer.EndpointProcessor asDeclared = endpoint -> {
            endpoint.setBean(listener);
            endpoint.setMethod(RetryListener.ON_RECORD);
            endpoint.setMessageHandlerMethodFactory(handlerMethods);
            endpoint.setId(topic.retriesId());
            endpoint.setGroupId(topic.groupId());
            endpoint.setTopics(topic.topic());
            if (!endpoints.contains(endpoint)) {
                endpoints.add(endpoint);
            }
        };
        // Declared before the call too: the destinations of the retry topics are registered under its id.
        MethodKafkaListenerEndpoint<String, byte[]> main = new MethodKafkaListenerEndpoint<>();
        asDeclared.accept(main);
        retryTopics.processMainAndRetryListeners(asDeclared, main, schedules.of(topic.lane()), registrar,
                factory(topic.recordListenerFactory()),
                KafkaListenerAnnotationBeanPostProcessor.DEFAULT_KAFKA_LISTENER_CONTAINER_FACTORY_BEAN_NAME);
        // The registrar creates the containers later, from the endpoints as they are then.
        String deadLetters = Topics.deadLetterOf(topic.topic());
        for (MethodKafkaListenerEndpoint<?, ?> endpoint : endpoints) {
            endpoint.setAutoStartup(!endpoint.getTopics().contains(topic.topic())
                    && !endpoint.getTopics().contains(deadLetters));
        }
    }

    private KafkaListenerContainerFactory<?> factory(String name) {
        return beans.getBean(name, KafkaListenerContainerFactory.class);
    }
}
