package io.smsnotifier.worker.intake;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * Starts the retry-topic containers of the record listeners ({@code <id>-retries-retry-<n>}), and only those: the
 * same listeners' containers on the source topics stay stopped, because the batch listeners consume those, and
 * the dead-letter containers stay stopped, because dead letters wait for ops. The record listeners are declared
 * with {@code autoStartup = "false"}, which their retry containers inherit.
 */
@Component
class RetryListenersStarter implements SmartLifecycle {

    private static final Pattern RETRY_CONTAINER = Pattern.compile(".*" + EventListeners.RETRIES + "-retry-\\d+");

    private final KafkaListenerEndpointRegistry registry;
    private volatile boolean running;

    RetryListenersStarter(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
        // Otherwise a restart of the context (stop, then start: what the test framework does to cached contexts)
        // starts every container, those that must never run included: the record listeners' containers on the
        // source topics would then compete with the batch listeners, and the dead-letter containers would consume
        // the dead letters. This bean's own start() runs again on such a restart.
        registry.setAlwaysStartAfterRefresh(false);
    }

    @Override
    public void start() {
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            if (container.getListenerId() != null && RETRY_CONTAINER.matcher(container.getListenerId()).matches()
                    && !container.isRunning()) {
                container.start();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        // The registry stops every container it holds, these included.
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just after the registry, which starts the auto-startup containers. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }
}
