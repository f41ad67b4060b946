package io.smsnotifier.worker.providers;

import java.time.Instant;

/**
 * A message the vendor took, as the ledger recorded it, whose handset report is asked for
 * ({@link SmsProvider#pullReports}).
 *
 * @param phone     the E.164 number
 * @param messageId the vendor's id for it ({@code BizId}, {@code SerialNo}), as its send was answered
 * @param sentAt    about when it went out: the vendors list messages by when they took them
 */
public record SentMessage(String phone, String messageId, Instant sentAt) {
}
