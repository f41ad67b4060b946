package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

/** A failure that retrying cannot fix: the event goes to its dead-letter topic at once with its reason. */
public class PermanentDeliveryFailure extends DeliveryFailure {

    public PermanentDeliveryFailure(ErrorCode errorCode, String reason) {
        this(errorCode, reason, null, null);
    }

    public PermanentDeliveryFailure(ErrorCode errorCode, String reason, @Nullable String providerErrorCode,
                                    @Nullable Throwable cause) {
        super(errorCode, reason, providerErrorCode, cause);
    }
}
