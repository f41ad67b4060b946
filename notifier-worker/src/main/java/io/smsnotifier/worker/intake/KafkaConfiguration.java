package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.deadletter.DeadLetterPublisher;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The one place that configures listener containers, error handling and dead-letter publishing, and declares
 * the topics the worker needs.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    static final String REQUEST_LISTENER_FACTORY = "requestListenerFactory";
    static final String LOGIN_CODE_LISTENER_FACTORY = "loginCodeListenerFactory";
    static final String DIRECTORY_LISTENER_FACTORY = "directoryListenerFactory";
    static final String REQUEST_BATCH_LISTENER_FACTORY = "requestBatchListenerFactory";
    static final String LOGIN_CODE_BATCH_LISTENER_FACTORY = "loginCodeBatchListenerFactory";

    /**
     * For the directory listeners (the request listeners get theirs from {@link RetryConfiguration}): permanent
     * failures go to the dead-letter topic at once; anything else is retried in place a few times (1 s, 2 s,
     * 4 s) and then dead-lettered, so one bad record never blocks its partition for long.
     */
    @Bean
    DefaultErrorHandler deliveryErrorHandler(KafkaTemplate<String, byte[]> template, NotifierTopics topics,
                                             Environment environment) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(3);
        backOff.setInitialInterval(1_000);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublisher(template, topics.loginCode(),
                maxRequestBytes(environment)), backOff);
        handler.addNotRetryableExceptions(PermanentDeliveryFailure.class);
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    /** The worker's producer limit on one record ({@code max.request.size}, 1 MiB unless configured). */
    static int maxRequestBytes(Environment environment) {
        String configured = environment.getProperty("spring.kafka.producer.properties.max.request.size",
                environment.getProperty("spring.kafka.producer.properties[max.request.size]"));
        return configured == null ? 1_048_576 : Integer.parseInt(configured.trim());
    }

    @Bean(REQUEST_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> requestListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            DefaultErrorHandler errorHandler, IntakeProperties intake) {
        return listenerFactory(configurer, consumers, errorHandler, intake.concurrency());
    }

    @Bean(LOGIN_CODE_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> loginCodeListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            DefaultErrorHandler errorHandler, IntakeProperties intake) {
        return onPlatformThreads(listenerFactory(configurer, consumers, errorHandler, intake.loginCodeConcurrency()),
                "login-code-retry-");
    }

    /**
     * For the batch listeners on the request topics. {@link BatchIntake} routes each failed record itself, so what
     * reaches this handler is the database or the broker being unreachable: the whole poll is delivered again, a
     * second apart, for as long as it takes. Nothing is skipped, and the ledger makes the repeats harmless.
     */
    private static DefaultErrorHandler batchErrorHandler() {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            throw new IllegalStateException("a batch is retried until it is delivered, never skipped", exception);
        }, new FixedBackOff(1_000, FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    @Bean(REQUEST_BATCH_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> requestBatchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            IntakeProperties intake) {
        return batchListenerFactory(listenerFactory(configurer, consumers, batchErrorHandler(), intake.concurrency()));
    }

    @Bean(LOGIN_CODE_BATCH_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> loginCodeBatchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            IntakeProperties intake) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = onPlatformThreads(batchListenerFactory(
                        listenerFactory(configurer, consumers, batchErrorHandler(), intake.loginCodeConcurrency())),
                "login-code-");
        // The next poll need not wait for the broker to confirm this one's offsets: a commit that is lost only
        // means those codes are looked at again, and the ledger knows they were sent.
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }

    /**
     * Login-code consumers run on platform threads, not virtual ones, so that under a backlog of approvals their
     * turn on the CPU does not depend on the virtual threads' few carriers (see DeliveryPipeline's senders).
     */
    private static ConcurrentKafkaListenerContainerFactory<Object, Object> onPlatformThreads(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, String prefix) {
        factory.getContainerProperties().setListenerTaskExecutor(new SimpleAsyncTaskExecutor(prefix));
        return factory;
    }

    /** Offsets are committed once per poll, after every record of it is settled or forwarded. */
    private static ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerFactory(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }

    /** Directory topics are applied a poll at a time, by one consumer: order per key is what matters. */
    @Bean(DIRECTORY_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> directoryListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            DefaultErrorHandler errorHandler) {
        return batchListenerFactory(listenerFactory(configurer, consumers, errorHandler, 1));
    }

    private static ConcurrentKafkaListenerContainerFactory<Object, Object> listenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            DefaultErrorHandler errorHandler, int concurrency) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setConcurrency(concurrency);
        factory.getContainerProperties().setDeliveryAttemptHeader(true);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics notifierTopics(NotifierTopics topics) {
        return new KafkaAdmin.NewTopics(
                // Their retry and dead-letter topics come from RetryConfiguration.
                topic(topics.approvalReached(), topics), topic(topics.approvalCc(), topics),
                topic(topics.loginCode(), topics), topic(topics.smsNotify(), topics),
                topic(topics.delivery(), topics),
                compacted(topics.directoryMembers(), topics),
                topic(topics.deadLetterOf(topics.directoryMembers()), topics),
                compacted(topics.directoryDepartments(), topics),
                topic(topics.deadLetterOf(topics.directoryDepartments()), topics));
    }

    private static NewTopic compacted(String name, NotifierTopics topics) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).compact().build();
    }

    private static NewTopic topic(String name, NotifierTopics topics) {
        return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }
}
