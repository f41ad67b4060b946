package io.smsnotifier.worker.intake;

import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.deadletter.DeadLetterPublisher;
import io.smsnotifier.worker.delivery.Lane;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;
import org.springframework.kafka.retrytopic.RetryTopicBeanNames;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.util.backoff.FixedBackOff;

import java.util.List;
import java.util.function.Consumer;

/**
 * Non-blocking retries for the request topics: a transient failure is retried in place a few times, then the
 * record moves through retry topics (grown to the source's partition count by the topic provisioner) with
 * growing back-off, and ends in its dead-letter topic. A permanent failure goes to the dead-letter topic at once.
 * The dead-letter topics are not consumed by the worker: they wait for ops (inspect, replay, discard).
 */
@Configuration(proxyBeanMethods = false)
class RetryConfiguration extends RetryTopicConfigurationSupport {

    private final RetryProperties retry;
    private final NotifierTopics topics;
    private final int maxRequestBytes;

    /**
     * Bound here rather than injected: Spring Kafka builds this configuration while it sets up listener
     * processing, before configuration-properties beans can be injected.
     */
    RetryConfiguration(Environment environment) {
        Binder binder = Binder.get(environment);
        this.retry = binder.bindOrCreate("notifier.retry", RetryProperties.class);
        this.topics = binder.bindOrCreate("notifier.topics", NotifierTopics.class);
        this.maxRequestBytes = KafkaConfiguration.maxRequestBytes(environment);
    }

    /** The retry-topic schedule of each lane, for every request topic of the lane ({@link RequestListeners}). */
    record Schedules(RetryTopicConfiguration bulk, RetryTopicConfiguration loginCodes) {

        RetryTopicConfiguration of(Lane lane) {
            return switch (lane) {
                case BULK -> bulk;
                case LOGIN_CODE -> loginCodes;
            };
        }
    }

    @Bean
    Schedules retrySchedules(KafkaTemplate<String, byte[]> template) {
        return new Schedules(
                retryTopics(retry.topics(), KafkaConfiguration.REQUEST_LISTENER_FACTORY).create(template),
                retryTopics(retry.loginCodeTopics(), KafkaConfiguration.LOGIN_CODE_LISTENER_FACTORY).create(template));
    }

    /**
     * Forwards what the batch listeners could not deliver into the same retry topics, with the same headers, as
     * the retry-topic configuration above would.
     */
    @Bean
    IntakeRecoverers intakeRecoverers(
            @Qualifier(RetryTopicBeanNames.DESTINATION_TOPIC_RESOLVER_BEAN_NAME) DestinationTopicResolver resolver) {
        DeadLetterPublishingRecovererFactory factory = new DeadLetterPublishingRecovererFactory(resolver);
        configureDeadLetterPublishingContainerFactory().accept(factory);
        return new IntakeRecoverers(factory);
    }

    private RetryTopicConfigurationBuilder retryTopics(RetryProperties.Topics schedule, String listenerFactory) {
        return RetryTopicConfigurationBuilder.newInstance()
                .maxAttempts(schedule.attempts())
                .exponentialBackoff(schedule.initial().toMillis(), schedule.multiplier(), schedule.max().toMillis())
                .retryTopicSuffix("-retry")
                .dltSuffix(Topics.DEAD_LETTER_SUFFIX)
                .suffixTopicsWithIndexValues()
                .autoCreateTopicsWith(topics.partitions(), topics.replicas())
                .notRetryOn(PermanentDeliveryFailure.class)
                .traversingCauses()
                .autoStartDltHandler(false)
                .listenerFactory(listenerFactory);
    }

    @Override
    protected void configureBlockingRetries(BlockingRetriesConfigurer blockingRetries) {
        blockingRetries.retryOn(TransientDeliveryFailure.class)
                .backOff(new FixedBackOff(retry.inPlace().interval().toMillis(), retry.inPlace().attempts() - 1L));
    }

    @Override
    protected void manageNonBlockingFatalExceptions(List<Class<? extends Throwable>> fatal) {
        fatal.add(PermanentDeliveryFailure.class);
    }

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> {
            DeadLetterPublisher.publishThrough(factory, topics.loginCode(), maxRequestBytes);
            factory.neverLogListenerException();
        };
    }
}
