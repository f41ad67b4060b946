package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A request to an SMS service that failed as a whole. The message is one line for operators: never a
 * credential, a login code or a full phone number.
 */
public class ProviderFailure extends RuntimeException {

    private final FailureClass failureClass;
    private final ErrorCode errorCode;
    private final @Nullable String providerErrorCode;

    public ProviderFailure(FailureClass failureClass, ErrorCode errorCode, @Nullable String providerErrorCode,
                           String reason, @Nullable Throwable cause) {
        super(reason, cause);
        this.failureClass = failureClass;
        this.errorCode = errorCode;
        this.providerErrorCode = providerErrorCode;
    }

    /** The vendor answered with an error code. */
    public static ProviderFailure vendorError(FailureClass failureClass, String providerErrorCode, String reason) {
        return new ProviderFailure(failureClass, ErrorCode.VENDOR_ERROR, providerErrorCode, reason, null);
    }

    /** The request did not get an answer (connection, timeout, 5xx). */
    public static ProviderFailure requestFailed(@Nullable String providerErrorCode, String reason,
                                                @Nullable Throwable cause) {
        return new ProviderFailure(FailureClass.RETRYABLE, ErrorCode.REQUEST_FAILED, providerErrorCode, reason, cause);
    }

    public FailureClass failureClass() {
        return failureClass;
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
