package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one request to one service came to: final answers by number, numbers still owed (refused for now), numbers
 * in doubt (an answer that does not mention them: the request carried them, so they may have been sent), and
 * the failure when the request failed as a whole.
 *
 * @param refusedForNow the owed numbers the service refused (so certainly did not send)
 * @param blocking      the first refusal that means ops must act on the service, or null
 */
record Answer(Map<String, Dispatch.Delivered> delivered, List<String> owed, List<String> refusedForNow,
              List<String> inDoubt, SendResult.@Nullable PhoneResult blocking, @Nullable ProviderFailure failure) {

    static Answer failed(ProviderFailure failure) {
        return new Answer(Map.of(), List.of(), List.of(), List.of(), null, failure);
    }

    /** This answer with {@code phones} in doubt too. */
    Answer withInDoubt(List<String> phones) {
        List<String> all = new ArrayList<>(inDoubt);
        all.addAll(phones);
        return new Answer(delivered, owed, refusedForNow, List.copyOf(all), blocking, failure);
    }

    /** Sorts {@code service}'s answer for each number the request carried. */
    static Answer of(String service, List<String> phones, SendResult result) {
        Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
        List<String> owed = new ArrayList<>();
        List<String> refusedForNow = new ArrayList<>();
        List<String> inDoubt = new ArrayList<>();
        SendResult.PhoneResult blocking = null;
        for (String phone : phones) {
            SendResult.PhoneResult answer = result.byPhone().get(phone);
            if (answer == null) {
                inDoubt.add(phone);
            } else if (answer.accepted()) {
                delivered.put(phone, new Dispatch.Delivered(true, service, answer.providerMessageId(), null, null,
                        null));
            } else if (answer.failureClass() == FailureClass.RETRYABLE
                    || answer.failureClass() == FailureClass.OPS_BLOCKING) {
                owed.add(phone);
                refusedForNow.add(phone);
                if (answer.failureClass() == FailureClass.OPS_BLOCKING && blocking == null) {
                    blocking = answer;
                }
            } else {
                delivered.put(phone, new Dispatch.Delivered(false, service, null, ErrorCode.VENDOR_ERROR,
                        answer.providerErrorCode(), answer.reason()));
            }
        }
        return new Answer(delivered, owed, refusedForNow, inDoubt, blocking, null);
    }
}
