package io.smsnotifier.worker.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Creates the worker's topics once the broker answers. Spring Kafka tries once during start-up (bounded by
 * {@code spring.kafka.admin.operation-timeout}); when the broker was down then, this keeps trying in the
 * background with growing pauses instead of failing the start or leaving the topics to chance.
 */
@Component
class TopicProvisioner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

    private final KafkaAdmin admin;
    private volatile Thread worker;

    TopicProvisioner(KafkaAdmin admin) {
        this.admin = admin;
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionInBackground() {
        worker = Thread.ofVirtual().name("topic-provisioner").start(() -> {
            Duration pause = FIRST_PAUSE;
            while (!Thread.currentThread().isInterrupted()) {
                if (admin.initialize()) {
                    return;
                }
                log.warn("kafka topics not provisioned yet: no broker answered; retrying in {} s", pause.toSeconds());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        });
    }

    @Override
    public void destroy() {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }
}
