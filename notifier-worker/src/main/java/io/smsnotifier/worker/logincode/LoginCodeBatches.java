package io.smsnotifier.worker.logincode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Groups login codes that arrived together into batched requests (Alibaba Cloud {@code SendBatchSms}): codes that
 * share a key (template and requested service) go together, at most {@value #CODES_PER_BATCH} to a batch and each
 * number once per batch, since one request cannot carry two messages for one number. No code waits for others to
 * arrive: only what is already here is grouped.
 */
public final class LoginCodeBatches {

    /** The most messages one {@code SendBatchSms} request carries. */
    public static final int CODES_PER_BATCH = 100;

    private LoginCodeBatches() {
    }

    /**
     * The batches and the codes left to go one by one.
     *
     * @param batches groups of two or more, in arrival order
     * @param alone   codes that share their key with nobody
     */
    public record Grouping<T>(List<List<T>> batches, List<T> alone) {
    }

    /**
     * Groups one-number codes.
     *
     * @param key   what codes must share to go in one request
     * @param phone the one number a code goes to
     */
    public static <T> Grouping<T> group(List<T> codes, Function<T, List<?>> key, Function<T, String> phone) {
        Map<List<?>, List<List<T>>> byKey = new LinkedHashMap<>();
        for (T code : codes) {
            List<List<T>> batches = byKey.computeIfAbsent(key.apply(code), k -> new ArrayList<>());
            String number = phone.apply(code);
            List<T> open = batches.isEmpty() ? null : batches.getLast();
            if (open == null || open.size() >= CODES_PER_BATCH
                    || open.stream().anyMatch(other -> Objects.equals(phone.apply(other), number))) {
                open = new ArrayList<>();
                batches.add(open);
            }
            open.add(code);
        }
        List<List<T>> batches = new ArrayList<>();
        List<T> alone = new ArrayList<>();
        byKey.values().forEach(list -> list.forEach(batch -> {
            if (batch.size() == 1) {
                alone.add(batch.getFirst());
            } else {
                batches.add(batch);
            }
        }));
        return new Grouping<>(batches, alone);
    }
}
