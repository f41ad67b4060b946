package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

/** A failure that may pass (vendor throttling or outage, database or broker unavailable): the event is retried. */
public class TransientDeliveryFailure extends DeliveryFailure {

    public TransientDeliveryFailure(ErrorCode errorCode, String reason, @Nullable String providerErrorCode,
                                    @Nullable Throwable cause) {
        super(errorCode, reason, providerErrorCode, cause);
    }
}
