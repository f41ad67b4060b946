package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/** What a service answered for one request, per E.164 number. */
public record SendResult(Map<String, PhoneResult> byPhone) {

    public SendResult {
        byPhone = Map.copyOf(byPhone);
    }

    /**
     * @param accepted          true when the service took the message for this number
     * @param providerMessageId the service's id for the message, if it gave one
     * @param providerErrorCode the service's own error code when not accepted
     * @param failureClass      what the refusal means, when not accepted
     * @param reason            a one-line reason when not accepted (no credentials, no full number)
     */
    public record PhoneResult(boolean accepted, @Nullable String providerMessageId,
                              @Nullable String providerErrorCode, @Nullable FailureClass failureClass,
                              @Nullable String reason) {

        public static PhoneResult accepted(@Nullable String providerMessageId) {
            return new PhoneResult(true, providerMessageId, null, null, null);
        }

        public static PhoneResult refused(String providerErrorCode, FailureClass failureClass, String reason) {
            return new PhoneResult(false, null, providerErrorCode, failureClass, reason);
        }
    }
}
