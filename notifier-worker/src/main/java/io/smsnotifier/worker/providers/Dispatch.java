package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * What became of one message: numbers with a final answer ({@link #delivered()}), numbers still owed after every
 * eligible service was tried ({@link #owed()}, with the {@link #lastFailure()}), numbers whose request may have
 * reached a service although no answer says so ({@link #inDoubt()}: a read timeout, a connection lost after
 * sending; never tried elsewhere, the ledger resolves them first), and, when the message itself can never be
 * sent this way, the {@link #eventFailure()}.
 */
public record Dispatch(Map<String, Delivered> delivered, List<String> owed, List<String> inDoubt,
                       @Nullable ProviderFailure lastFailure, @Nullable ProviderFailure eventFailure) {

    /** A dispatch with nothing in doubt. */
    public Dispatch(Map<String, Delivered> delivered, List<String> owed, @Nullable ProviderFailure lastFailure,
                    @Nullable ProviderFailure eventFailure) {
        this(delivered, owed, List.of(), lastFailure, eventFailure);
    }

    /**
     * A final answer for one number.
     *
     * @param sent true when accepted; false when refused for good (illegal number, blacklisted, ...)
     */
    public record Delivered(boolean sent, String service, @Nullable String providerMessageId,
                            @Nullable ErrorCode errorCode, @Nullable String providerErrorCode,
                            @Nullable String reason) {
    }
}
