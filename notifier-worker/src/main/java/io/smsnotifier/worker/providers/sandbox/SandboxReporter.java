package io.smsnotifier.worker.providers.sandbox;

import io.smsnotifier.worker.providers.HandsetReports;
import jakarta.annotation.PreDestroy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reports the sandbox's messages {@code DELIVERED} {@code notifier.sandbox.report-delay} after their send, as a
 * {@link HandsetReports} event that the {@code receipts} module applies like a vendor's push. Its own thread: the
 * send (a delivery round's thread) does not wait, and applying (a transaction and a publish) does not hold up the
 * shared scheduler. In memory: a report pending at shutdown is lost, which costs the sandbox nothing but a row left
 * {@code SENT}. Thread-safe.
 */
@Component
class SandboxReporter {

    private final ApplicationEventPublisher events;
    private final SandboxProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("sandbox-reports").daemon().factory());

    SandboxReporter(ApplicationEventPublisher events, SandboxProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    /** Reports these messages of {@code service} delivered after the delay. */
    void delivered(String service, List<Sent> sent) {
        if (!properties.reports() || sent.isEmpty()) {
            return;
        }
        try {
            timer.schedule(() -> publish(service, sent), properties.reportDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the send stands, only its report is not made.
        }
    }

    /** One message the sandbox took: its id and E.164 number. */
    record Sent(String messageId, String phone) {
    }

    /** On the timer's thread; the listener applies the reports and logs its own failures. */
    private void publish(String service, List<Sent> sent) {
        Instant now = Instant.now();
        events.publishEvent(new HandsetReports(sent.stream().map(one -> new HandsetReports.Report(service,
                one.messageId(), one.phone(), true, "DELIVERED", null, now)).toList()));
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
