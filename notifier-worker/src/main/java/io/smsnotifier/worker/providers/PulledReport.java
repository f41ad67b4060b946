package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A handset report the vendor gave when asked ({@link SmsProvider#pullReports}): a final one only, never "still
 * waiting".
 *
 * @param phone     the E.164 number, as the {@link SentMessage} asked about it
 * @param messageId the vendor's id of the message, as the {@link SentMessage} gave it
 * @param code      the vendor's code ({@code DELIVERED}, {@code MK:0001}), or null
 * @param message   the vendor's text for it, or null
 * @param handsetAt when the handset got it (or the carrier gave up), or null when the vendor did not say
 */
public record PulledReport(String phone, String messageId, boolean delivered, @Nullable String code,
                           @Nullable String message, @Nullable Instant handsetAt) {
}
