package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;

import java.util.List;
import java.util.Map;

/** The vendors' limit on one template parameter's length, checked before a request is made. */
public final class ParamLimits {

    private ParamLimits() {
    }

    /**
     * @param maxLength characters (code points) one value may have; 0 or less: no limit
     * @throws ProviderFailure {@code 46001}, permanent for the event, naming the parameters that are too long
     */
    public static void check(Map<String, String> params, int maxLength, String service) {
        if (maxLength <= 0) {
            return;
        }
        List<String> tooLong = params.entrySet().stream()
                .filter(entry -> entry.getValue() != null
                        && entry.getValue().codePointCount(0, entry.getValue().length()) > maxLength)
                .map(Map.Entry::getKey).toList();
        if (!tooLong.isEmpty()) {
            throw new ProviderFailure(FailureClass.PERMANENT_FOR_EVENT, ErrorCode.INVALID_REQUEST, null,
                    "parameters " + tooLong + " are longer than " + maxLength + " characters, the limit at " + service,
                    null);
        }
    }
}
