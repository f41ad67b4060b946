package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.instances.LiveInstance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFleetTests {

    private static final String OLD = "a1fa67d67a5f8212";
    private static final String NEW = "90e536e88e222f23";

    @Test
    void anInstanceLacksTheKeyUnlessItHoldsItAsCurrentOrPrevious() {
        LiveInstance rotated = instance("a", "host-a", NEW, List.of(NEW, OLD));
        LiveInstance openingOnly = instance("b", "host-b", OLD, List.of(OLD, NEW));
        LiveInstance behind = instance("c", "host-c", OLD, List.of(OLD));
        LiveInstance keyless = instance("d", null, null, List.of());

        assertThat(KeyFleet.lacking(NEW, List.of(rotated, openingOnly, behind, keyless)))
                .containsExactly(behind, keyless);
        assertThat(KeyFleet.lacking(OLD, List.of(rotated, openingOnly))).isEmpty();
    }

    @Test
    void anInstanceThatAdvertisesNoKeysCountsAsLackingEveryKey() {
        LiveInstance older = instance("e", "host-e", null, null);

        assertThat(older.holds(NEW)).isFalse();
        assertThat(KeyFleet.lacking(NEW, List.of(older))).containsExactly(older);
    }

    @Test
    void theRefusalNamesEachInstanceItsHostTheKeyItLacksAndWhatToDo() {
        KeyFleet.KeyNotEverywhere refusal = new KeyFleet.KeyNotEverywhere(NEW, List.of(
                instance("c", "host-c", OLD, List.of(OLD)), instance("d", null, null, List.of()),
                instance("e", "host-e", null, null)));

        assertThat(refusal.keyId()).isEqualTo(NEW);
        assertThat(refusal.lacking()).hasSize(3);
        assertThat(refusal.getMessage())
                .startsWith("re-sealing under key " + NEW + " would leave 3 live instance(s) unable to open")
                .contains("instance c on host host-c lacks key " + NEW + " (it holds " + OLD + ")")
                .contains("instance d lacks key " + NEW + " (it holds no key)")
                .contains("instance e on host host-e lacks key " + NEW + " (its heartbeat names no keys")
                .contains("notifier.secrets.previous-keys").contains("GET /api/secrets/keys");
    }

    @Test
    void anInstanceSaysWhetherItHoldsTheAnsweringInstancesKeyAndWhetherItIsThatInstance() {
        LiveInstance behind = instance("c", "host-c", OLD, List.of(OLD));

        KeyFleet.InstanceKeys seen = KeyFleet.InstanceKeys.of(behind, NEW, "a");
        KeyFleet.InstanceKeys self = KeyFleet.InstanceKeys.of(behind, OLD, "c");

        assertThat(seen.holdsCurrentKey()).isFalse();
        assertThat(seen.self()).isFalse();
        assertThat(self.holdsCurrentKey()).isTrue();
        assertThat(self.self()).isTrue();
        assertThat(KeyFleet.InstanceKeys.of(behind, null, "a").holdsCurrentKey()).isFalse();
    }

    private static LiveInstance instance(String id, @Nullable String host, @Nullable String current,
                                         @Nullable List<String> keyIds) {
        Instant now = Instant.parse("2025-06-01T08:00:00Z");
        return new LiveInstance(id, host, now, now, current, keyIds);
    }
}
