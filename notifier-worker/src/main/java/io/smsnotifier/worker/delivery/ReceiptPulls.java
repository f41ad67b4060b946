package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's side of pulled receipts: which {@code SENT} rows are due to be asked about, and which are past
 * asking. A row is due when its round let go of it, its {@code SENT} outcome is out, the vendor gave it an id, no
 * report came yet, it was made between {@code horizon} and {@code after} ago, and it was not asked within
 * {@code after}. Rows are found through {@code deliveries_created}: the horizon bounds the scan. Thread-safe; each
 * call is its own statement.
 */
@Repository
public class ReceiptPulls {

    private static final String DUE = """
            d.service = :service and d.status = 'SENT' and d.claim_token is null and d.outcome_published
              and d.provider_message_id is not null and d.receipt_at is null""";

    private final NamedParameterJdbcTemplate jdbc;

    ReceiptPulls(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A row to ask about.
     *
     * @param revision  the stored service's version it went out with (null: a configured service)
     * @param phone     its E.164 number
     * @param messageId the vendor's id for it
     * @param sentAt    when its request went out (when it was made, for rows that did not record it)
     */
    public record Due(long id, String service, @Nullable Long revision, String phone, String messageId,
                      Instant sentAt) {
    }

    /**
     * Claims the oldest due rows of {@code service}, at most {@code limit}: marks them asked now and commits, so that
     * another instance skips them (rows it holds are skipped too) and none asks again within {@code after}.
     */
    public List<Due> claim(String service, Duration after, Duration horizon, int limit) {
        return jdbc.query("""
                with due as (select d.id from deliveries d
                              where d.created_at > now() - cast(:horizon as interval)
                                and d.created_at <= now() - cast(:after as interval)
                                and %s
                                and (d.receipt_pulled_at is null
                                     or d.receipt_pulled_at <= now() - cast(:after as interval))
                              order by d.created_at
                              limit :limit
                                for no key update skip locked)
                update deliveries d set receipt_pulled_at = now()
                  from due
                 where d.id = due.id
                returning d.id, d.service, d.service_revision, d.recipient_key, d.provider_message_id,
                          coalesce(d.sending_at, d.created_at) as sent_at
                """.formatted(DUE), params(service, after, horizon).addValue("limit", limit), (rs, row) ->
                new Due(rs.getLong("id"), rs.getString("service"), rs.getObject("service_revision", Long.class),
                        rs.getString("recipient_key"), rs.getString("provider_message_id"),
                        rs.getTimestamp("sent_at").toInstant()));
    }

    /**
     * Marks the rows of {@code service} that passed the horizon without a report as having none: receipt code
     * {@value #NO_RECEIPT}, receipt time now, status still {@code SENT} (the vendor took the message; whether the
     * handset got it nobody will say). Search and the console show it; the row is not asked about again. Only rows
     * within one more horizon are looked at, so that the scan stays bounded: an instance stopped longer than that
     * leaves older rows without the mark. A report that comes after all still changes the row.
     *
     * @return how many it marked
     */
    public int markNoReceipt(String service, Duration horizon, int limit) {
        return jdbc.update("""
                with past as (select d.id from deliveries d
                               where d.created_at > now() - 2 * cast(:horizon as interval)
                                 and d.created_at <= now() - cast(:horizon as interval)
                                 and %s
                               order by d.created_at
                               limit :limit
                                 for no key update skip locked)
                update deliveries d set receipt_code = :code, receipt_at = now()
                  from past
                 where d.id = past.id
                """.formatted(DUE), params(service, horizon, horizon).addValue("limit", limit)
                .addValue("code", NO_RECEIPT));
    }

    /** The receipt code of a row whose report never came within the pull horizon. */
    public static final String NO_RECEIPT = "NO_RECEIPT";

    private static MapSqlParameterSource params(String service, Duration after, Duration horizon) {
        return new MapSqlParameterSource("service", service).addValue("after", after.toMillis() + " milliseconds")
                .addValue("horizon", horizon.toMillis() + " milliseconds");
    }
}
