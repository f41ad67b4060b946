package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.secrets.SealedSecret;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/**
 * The statements behind {@link UndeliveredCodes}: {@code login_code_copies}, each a sealed login-code request kept by
 * the key a receipt carries (service, the vendor's message id, the number) until the code expires.
 */
@Repository
class LoginCodeCopies {

    private final NamedParameterJdbcTemplate jdbc;

    LoginCodeCopies(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a receipt finds its copy. */
    record Key(String service, String providerMessageId, String recipientKey) {
    }

    /** A sealed request, kept until {@code expiresAt}. */
    record Copy(Key key, String eventId, SealedSecret sealed, Instant expiresAt) {
    }

    /** Keeps the copies; one that is already kept (a redelivered round) stays as it was. */
    void keep(List<Copy> copies) {
        if (copies.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into login_code_copies (service, provider_message_id, recipient_key, event_id, key_id, sealed,
                                               expires_at)
                values (:service, :messageId, :recipientKey, :eventId, :keyId, :sealed, :expiresAt)
                on conflict do nothing""", copies.stream().map(copy -> new MapSqlParameterSource()
                .addValue("service", copy.key().service()).addValue("messageId", copy.key().providerMessageId())
                .addValue("recipientKey", copy.key().recipientKey()).addValue("eventId", copy.eventId())
                .addValue("keyId", copy.sealed().keyId()).addValue("sealed", copy.sealed().ciphertext())
                .addValue("expiresAt", java.sql.Timestamp.from(copy.expiresAt()))).toArray(MapSqlParameterSource[]::new));
    }

    /**
     * Removes the copies with these keys and returns the ones still valid at {@code now}: a copy is taken once, by the
     * transaction that deletes it, however many receipts or instances ask for it.
     */
    List<Copy> take(List<Key> keys, Instant now) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                delete from login_code_copies c
                 using unnest(cast(:services as text[]), cast(:messageIds as text[]), cast(:recipientKeys as text[]))
                       as k(service, provider_message_id, recipient_key)
                 where c.service = k.service and c.provider_message_id = k.provider_message_id
                   and c.recipient_key = k.recipient_key
                returning c.*""", new MapSqlParameterSource()
                .addValue("services", keys.stream().map(Key::service).toArray(String[]::new))
                .addValue("messageIds", keys.stream().map(Key::providerMessageId).toArray(String[]::new))
                .addValue("recipientKeys", keys.stream().map(Key::recipientKey).toArray(String[]::new)),
                (rs, row) -> new Copy(new Key(rs.getString("service"), rs.getString("provider_message_id"),
                        rs.getString("recipient_key")), rs.getString("event_id"),
                        new SealedSecret(rs.getString("key_id"), rs.getBytes("sealed")),
                        rs.getTimestamp("expires_at").toInstant()))
                .stream().filter(copy -> copy.expiresAt().isAfter(now)).toList();
    }

    /** Deletes the copies of codes that have expired; returns how many. */
    int purgeExpired(Instant now) {
        return jdbc.update("delete from login_code_copies where expires_at <= :now",
                new MapSqlParameterSource("now", java.sql.Timestamp.from(now)));
    }
}
