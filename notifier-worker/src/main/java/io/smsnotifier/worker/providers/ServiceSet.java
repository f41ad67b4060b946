package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The services in force, as one immutable snapshot: their slots by priority and by name, the exclusive one, and
 * how traffic is routed between them. Changing the services means making a new set, never changing this one.
 * Every call that sends holds the set it read ({@link #acquire}) until it is done: a set that has been replaced
 * closes the providers it does not hand on once its last caller let go, so that requests in flight finish on
 * the configuration they started with.
 */
final class ServiceSet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSet.class);

    private final List<ServiceSlot> byPriority;
    private final Map<String, ServiceSlot> byName;
    private final @Nullable ServiceSlot exclusive;
    private final SmsServicesProperties.Routing routing;
    private final AtomicInteger callers = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile Set<ServiceSlot> handedOn = Set.of();

    /**
     * @throws IllegalStateException when there is no slot, or more than one exclusive service
     */
    ServiceSet(List<ServiceSlot> slots, SmsServicesProperties.Routing routing) {
        if (slots.isEmpty()) {
            throw new IllegalStateException(
                    "notifier.sms.services: no enabled SMS service is configured; configure at least one (or store "
                            + "one through /api/sms/services while another is configured)");
        }
        this.byPriority = slots.stream().sorted(Comparator.comparingInt((ServiceSlot slot) -> slot.config.common().priority())
                .thenComparing(slot -> slot.name)).toList();
        Map<String, ServiceSlot> names = new LinkedHashMap<>();
        byPriority.forEach(slot -> names.put(slot.name, slot));
        this.byName = Collections.unmodifiableMap(names);
        List<ServiceSlot> exclusives = byPriority.stream()
                .filter(slot -> slot.config.flag("exclusive") && slot.provider.mayBeExclusive()).toList();
        if (exclusives.size() > 1) {
            throw new IllegalStateException("notifier.sms.services: only one webhook may be exclusive, found "
                    + exclusives.stream().map(slot -> slot.name).toList());
        }
        this.exclusive = exclusives.isEmpty() ? null : exclusives.getFirst();
        if (exclusive != null) {
            log.info("sms service {} is an exclusive webhook: it takes all traffic, the other services are off",
                    exclusive.name);
        }
        this.routing = routing;
    }

    /** The services that take traffic, by priority: the exclusive one alone, or every enabled service. */
    List<ServiceSlot> pool() {
        return exclusive != null ? List.of(exclusive) : byPriority;
    }

    @Nullable ServiceSlot named(String name) {
        return byName.get(name);
    }

    @Nullable ServiceSlot exclusive() {
        return exclusive;
    }

    SmsServicesProperties.Routing routing() {
        return routing;
    }

    /** Every enabled service's state, by priority. */
    List<ServiceStatus> statuses() {
        return byPriority.stream().map(slot -> slot.status(exclusive == null || exclusive == slot)).toList();
    }

    /** Counts a caller in; false when the set is retired meanwhile (read the current one again). */
    boolean acquire() {
        callers.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (callers.decrementAndGet() == 0 && retired) {
            closeRetired();
        }
    }

    /**
     * Marks the set replaced: the slots of {@code keptSlots} live on in its successor; the others are closed as
     * soon as no caller holds the set (at once when none does).
     */
    void retire(Set<ServiceSlot> keptSlots) {
        handedOn = Set.copyOf(keptSlots);
        retired = true;
        if (callers.get() == 0) {
            closeRetired();
        }
    }

    private void closeRetired() {
        if (closed.compareAndSet(false, true)) {
            closeSlots(byPriority.stream().filter(slot -> !handedOn.contains(slot)).toList());
        }
    }

    List<ServiceSlot> slots() {
        return byPriority;
    }

    /** Closes every service's provider; one that fails to close does not keep the others open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeSlots(byPriority);
        }
    }

    private static void closeSlots(List<ServiceSlot> slots) {
        for (ServiceSlot slot : slots) {
            try {
                slot.close();
            } catch (RuntimeException e) {
                log.warn("could not close sms service {}: {}", slot.name, e.toString());
            }
        }
    }
}
