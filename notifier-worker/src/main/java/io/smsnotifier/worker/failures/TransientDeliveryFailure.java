package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

/**
 * A failure that may pass (vendor throttling or outage, database or broker unavailable): the event is retried.
 * The message follows the same rule as {@link PermanentDeliveryFailure}: no codes, credentials or full numbers.
 */
public class TransientDeliveryFailure extends RuntimeException {

    private final ErrorCode errorCode;
    private final @Nullable String providerErrorCode;

    public TransientDeliveryFailure(ErrorCode errorCode, String reason, @Nullable String providerErrorCode,
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
}
