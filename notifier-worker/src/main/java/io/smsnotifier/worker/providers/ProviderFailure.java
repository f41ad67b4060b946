package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * A request to an SMS service that failed as a whole. The message is one line for operators: never a
 * credential, a login code or a full phone number.
 */
public class ProviderFailure extends RuntimeException {

    private final FailureClass failureClass;
    private final ErrorCode errorCode;
    private final @Nullable String providerErrorCode;
    private final boolean mayHaveBeenSent;

    public ProviderFailure(FailureClass failureClass, ErrorCode errorCode, @Nullable String providerErrorCode,
                           String reason, @Nullable Throwable cause) {
        this(failureClass, errorCode, providerErrorCode, reason, cause, false);
    }

    private ProviderFailure(FailureClass failureClass, ErrorCode errorCode, @Nullable String providerErrorCode,
                            String reason, @Nullable Throwable cause, boolean mayHaveBeenSent) {
        super(reason, cause);
        this.failureClass = failureClass;
        this.errorCode = errorCode;
        this.providerErrorCode = providerErrorCode;
        this.mayHaveBeenSent = mayHaveBeenSent;
    }

    /** The vendor answered with an error code. */
    public static ProviderFailure vendorError(FailureClass failureClass, String providerErrorCode, String reason) {
        return new ProviderFailure(failureClass, ErrorCode.VENDOR_ERROR, providerErrorCode, reason, null);
    }

    /** The request certainly did not get through (connection refused, 5xx, limiter): nothing was sent. */
    public static ProviderFailure requestFailed(@Nullable String providerErrorCode, String reason,
                                                @Nullable Throwable cause) {
        return new ProviderFailure(FailureClass.RETRYABLE, ErrorCode.REQUEST_FAILED, providerErrorCode, reason, cause,
                false);
    }

    /** The request went out and no answer came (read timeout, connection lost): it may have been sent. */
    public static ProviderFailure noAnswer(@Nullable String providerErrorCode, String reason, @Nullable Throwable cause) {
        return new ProviderFailure(FailureClass.RETRYABLE, ErrorCode.REQUEST_FAILED, providerErrorCode, reason, cause,
                true);
    }

    /** Whether a network failure means "not sent" or "don't know": connection-level refusals are the former. */
    public static ProviderFailure fromNetwork(@Nullable String providerErrorCode, String reason,
                                              @Nullable Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof HttpConnectTimeoutException) {
                return requestFailed(providerErrorCode, reason, cause);
            }
        }
        return noAnswer(providerErrorCode, reason, cause);
    }

    /** True when the vendor may have sent the message although no answer says so. */
    public boolean mayHaveBeenSent() {
        return mayHaveBeenSent;
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
