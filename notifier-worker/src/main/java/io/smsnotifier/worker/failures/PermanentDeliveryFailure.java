package io.smsnotifier.worker.failures;

import org.jspecify.annotations.Nullable;

/**
 * A failure that retrying cannot fix: the event goes to its dead-letter topic at once with {@link #reason()}.
 * The message is shown to operators: it must never contain a login code, a credential or a full phone number.
 */
public class PermanentDeliveryFailure extends RuntimeException {

    private final ErrorCode errorCode;
    private final @Nullable String providerErrorCode;

    public PermanentDeliveryFailure(ErrorCode errorCode, String reason) {
        this(errorCode, reason, null, null);
    }

    public PermanentDeliveryFailure(ErrorCode errorCode, String reason, @Nullable String providerErrorCode,
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
