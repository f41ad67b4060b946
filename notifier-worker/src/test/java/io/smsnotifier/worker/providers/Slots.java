package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Slots around fake providers, with real breakers and holds, for unit tests of what happens around a request. */
final class Slots {

    static final Duration HOLD = Duration.ofMinutes(10);

    final MeterRegistry meters = new SimpleMeterRegistry();
    /** The time holds are judged by; tests move it. */
    Instant now = Instant.parse("2026-12-01T08:00:00Z");
    /** Whether requests get their turn at the service's rate. */
    boolean turns = true;
    /**
     * {@code notifier.sms.requests-per-message} of the slots made from now on: one at a time unless a test says
     * otherwise, so that a scripted provider answers the requests in the order they were made.
     */
    int requestsPerMessage = 1;
    /** The breaker's window (and minimum calls): two failures in a row open it unless a test says otherwise. */
    int breakerWindow = 2;
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    ServiceSlot slot(SmsProvider provider, int priority, int weight, boolean exclusive) {
        SmsServicesProperties.Type type = provider.sendsRenderedText() ? SmsServicesProperties.Type.WEBHOOK
                : SmsServicesProperties.Type.ALIYUN;
        ServiceDefinition config = new ServiceDefinition(new SmsServicesProperties.Service(type, true, priority,
                weight, 100, null, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                Map.of("accessKey", "LTAI5tExampleKey", "signName", "Acme", "exclusive", exclusive));
        CircuitBreaker breaker = CircuitBreaker.of(provider.serviceName(), CircuitBreakerConfig.custom()
                .slidingWindowSize(breakerWindow).minimumNumberOfCalls(breakerWindow).failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(1).build());
        breakers.put(provider.serviceName(), breaker);
        RateShare rate = new RateShare() {
            @Override
            public boolean awaitTurn(Duration timeout) {
                return turns;
            }

            @Override
            public int sharedBy() {
                return 2;
            }
        };
        return new ServiceSlot(provider.serviceName(), null, config, new ShownSettings(Map.of(), List.of(), "LTAI****",
                null), provider, breaker, rate,
                new OpsHold(provider.serviceName(), breaker, HOLD, meters, clock), meters, requestsPerMessage);
    }

    CircuitBreaker breaker(String service) {
        return breakers.get(service);
    }

    ServiceSlot slot(SmsProvider provider) {
        return slot(provider, 1, 1, false);
    }

    static OutgoingSms sms(Channel channel, SmsTemplate template, String... phones) {
        Map<String, Long> ledgerIds = new HashMap<>();
        for (int i = 0; i < phones.length; i++) {
            ledgerIds.put(phones[i], 100L + i);
        }
        return new OutgoingSms("e-1", "sms.notify", channel, new RenderedMessage(template, Map.of("name", "x"),
                "hello x"), List.of(phones), ledgerIds);
    }

    static OutgoingSms sms(String... phones) {
        return sms(Channel.SMS, new SmsTemplate("T", "hello ${name}", List.of("name"), Map.of()), phones);
    }

    static List<String> phones(int count) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            phones.add("+861370000%04d".formatted(i));
        }
        return phones;
    }

    /** Remembers what the journal was told, in order; told from several threads at once when requests are. */
    static final class Journal implements RequestJournal {

        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        RuntimeException failOnSending;
        /** Numbers another copy of the event holds: a request carrying one of them must not leave. */
        final List<String> heldElsewhere = new ArrayList<>();

        @Override
        public boolean sending(String service, Long revision, String outId, List<String> phones) {
            if (failOnSending != null) {
                throw failOnSending;
            }
            if (phones.stream().anyMatch(heldElsewhere::contains)) {
                events.add("refused " + service + " " + phones);
                return false;
            }
            events.add("sending " + service + " " + outId + " " + phones);
            return true;
        }

        @Override
        public void notSent(List<String> phones) {
            events.add("notSent " + phones);
        }

        @Override
        public String toString() {
            return events.stream().collect(Collectors.joining("\n"));
        }
    }
}
