package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

/**
 * Why an event, or some of its numbers, could not be delivered, with the published error code and the vendor's
 * own code when a vendor answered. Its type says whether retrying may help. The message is shown to operators: it
 * must never contain a login code, a credential or a full phone number.
 */
public abstract class DeliveryFailure extends RuntimeException {

    private final ErrorCode errorCode;
    private final @Nullable String providerErrorCode;

    DeliveryFailure(ErrorCode errorCode, String reason, @Nullable String providerErrorCode,
                    @Nullable Throwable cause) {
        super(reason, cause);
        this.errorCode = errorCode;
        this.providerErrorCode = providerErrorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public @Nullable String providerErrorCode() {
        return providerErrorCode;
    }

    public String reason() {
        return getMessage();
    }
}
