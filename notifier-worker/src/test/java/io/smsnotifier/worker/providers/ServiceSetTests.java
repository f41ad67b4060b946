package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A replaced set of services lets the calls that hold it finish before it closes what it does not hand on. */
class ServiceSetTests {

    private final Slots slots = new Slots();
    private final FakeProvider kept = FakeProvider.vendor("kept");
    private final FakeProvider replaced = FakeProvider.vendor("replaced");
    private final ServiceSlot keptSlot = slots.slot(kept, 1, 1, false);
    private final ServiceSet set = new ServiceSet(List.of(keptSlot, slots.slot(replaced, 2, 1, false)),
            SmsServicesProperties.Routing.FAILOVER);

    @Test
    void aRetiredSetClosesWhatItDoesNotHandOnOnceItsLastCallerIsDone() {
        assertThat(set.acquire()).isTrue();
        assertThat(set.acquire()).isTrue();

        set.retire(Set.of(keptSlot));
        set.release();

        assertThat(replaced.closed).as("closed while a call still holds the set").isFalse();
        set.release();
        assertThat(replaced.closed).isTrue();
        assertThat(kept.closed).as("handed on to the next set").isFalse();
    }

    @Test
    void aRetiredSetThatNoCallerHoldsClosesAtOnceAndTakesNoNewCallers() {
        set.retire(Set.of());

        assertThat(replaced.closed).isTrue();
        assertThat(kept.closed).isTrue();
        assertThat(set.acquire()).as("a caller that read it late reads the current set again").isFalse();
    }
}
