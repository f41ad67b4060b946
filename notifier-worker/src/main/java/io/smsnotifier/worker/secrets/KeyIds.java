package io.smsnotifier.worker.secrets;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the keys a {@link SecretBox} holds: fingerprints that reveal nothing of the keys, the same for the same
 * key on every instance, so they may be stored, logged and compared across instances.
 *
 * @param current  the id of the key that seals, or null when no {@code notifier.secrets.key} is set
 * @param previous the ids of {@code notifier.secrets.previous-keys}, in their order; they open, never seal
 */
public record KeyIds(@Nullable String current, List<String> previous) {

    public KeyIds {
        previous = List.copyOf(previous);
    }

    /** Every id a secret may be sealed under and still open here: the current one first. */
    public List<String> held() {
        List<String> held = new ArrayList<>(previous.size() + 1);
        if (current != null) {
            held.add(current);
        }
        held.addAll(previous);
        return List.copyOf(held);
    }
}
