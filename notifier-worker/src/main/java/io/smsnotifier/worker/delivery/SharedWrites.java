package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The two writes each number costs on its way, in statements that concurrent requests share ({@link GroupWriter}):
 * while one call writes, the calls that arrive queue up and the next of them writes all their rows at once, so
 * requests in flight together cost one round trip, not one each. Login codes have writers of their own, so that a
 * code never waits behind a large approval write. Thread-safe.
 */
final class SharedWrites {

    private record SendingMark(List<LedgerRow> rows, String service, @Nullable Long revision, String outId,
                               long leaseMillis) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final KeyLookups keyLookups;
    private final GroupWriter<SendingMark, Set<Long>> sendingMarks = new GroupWriter<>(this::writeSendingMarks);
    private final GroupWriter<SendingMark, Set<Long>> loginCodeSendingMarks =
            new GroupWriter<>(this::writeSendingMarks);
    private final GroupWriter<List<Deliveries.Settlement>, Void> settlements = new GroupWriter<>(this::writeAll);
    private final GroupWriter<List<Deliveries.Settlement>, Void> loginCodeSettlements =
            new GroupWriter<>(this::writeAll);

    SharedWrites(NamedParameterJdbcTemplate jdbc, KeyLookups keyLookups) {
        this.jdbc = jdbc;
        this.keyLookups = keyLookups;
    }

    /** @return the ids of the rows marked (of every caller sharing the statement) */
    Set<Long> markSending(List<LedgerRow> rows, String service, @Nullable Long revision, String outId,
                          Duration lease, Lane lane) {
        return (lane == Lane.LOGIN_CODE ? loginCodeSendingMarks : sendingMarks)
                .write(new SendingMark(rows, service, revision, outId, lease.toMillis()));
    }

    void settle(List<Deliveries.Settlement> rows, Lane lane) {
        (lane == Lane.LOGIN_CODE ? loginCodeSettlements : settlements).write(rows);
    }

    private @Nullable Void writeAll(List<List<Deliveries.Settlement>> lists) {
        writeSettlements(lists.stream().flatMap(List::stream).toList());
        return null;
    }

    /**
     * Inserts the rows not written yet as in flight, and updates the written ones this claim still holds open, in
     * one statement, in ledger-key order. A row another copy of the event inserted meanwhile has another id: the
     * conflict leaves it as it is, and it is not returned.
     */
    private Set<Long> writeSendingMarks(List<SendingMark> marks) {
        int size = marks.stream().mapToInt(mark -> mark.rows().size()).sum();
        RowColumns rows = new RowColumns(size);
        String[] services = new String[size];
        Long[] revisions = new Long[size];
        String[] outIds = new String[size];
        Long[] leases = new Long[size];
        int i = 0;
        for (SendingMark mark : marks) {
            for (LedgerRow row : mark.rows()) {
                rows.set(i, row);
                services[i] = mark.service();
                revisions[i] = mark.revision();
                outIds[i] = mark.outId();
                leases[i] = mark.leaseMillis();
                i++;
            }
        }
        Set<Long> marked = new HashSet<>(size * 2);
        jdbc.query("""
                insert into deliveries as d (id, event_id, ledger_day, recipient_key, channel, kind, member_id,
                                             phone_masked, status, service, service_revision, request_out_id,
                                             sending_at, claim_token, claim_until)
                select v.id, v.event_id, v.ledger_day, v.key, v.channel, v.kind, v.member_id, v.masked, 'UNKNOWN',
                       v.service, v.revision, v.out_id, now(), v.token,
                       now() + v.lease_millis * interval '1 millisecond'
                  from unnest(%s, cast(:services as text[]), cast(:revisions as bigint[]), cast(:outIds as text[]),
                              cast(:leases as bigint[]))
                       as v(%s, service, revision, out_id, lease_millis)
                 order by v.event_id, v.key, v.channel
                on conflict (event_id, recipient_key, channel, ledger_day) do update set
                    status = 'UNKNOWN', service = excluded.service, service_revision = excluded.service_revision,
                    request_out_id = excluded.request_out_id, sending_at = now(), updated_at = now(),
                    claim_until = excluded.claim_until
                 where d.id = excluded.id and d.status in ('PENDING', 'UNKNOWN')
                   and d.claim_token is not distinct from excluded.claim_token
                returning d.id
                """.formatted(RowColumns.ARRAYS, RowColumns.NAMES),
                rows.params().addValue("services", services).addValue("revisions", revisions)
                        .addValue("outIds", outIds).addValue("leases", leases),
                rs -> {
                    marked.add(rs.getLong(1));
                });
        return marked;
    }

    /**
     * Updates the written rows the settlement's claim token still holds open and inserts the others settled (one
     * round trip; a row another copy inserted meanwhile is left to it). One statement for the whole round: a
     * thousand single-row writes cost PostgreSQL far more.
     */
    void writeSettlements(List<Deliveries.Settlement> settled) {
        int size = settled.size();
        RowColumns rows = new RowColumns(size);
        Boolean[] written = new Boolean[size];
        String[] statuses = new String[size];
        String[] services = new String[size];
        String[] messageIds = new String[size];
        String[] errorCodes = new String[size];
        String[] providerErrorCodes = new String[size];
        String[] reasons = new String[size];
        Integer[] attempts = new Integer[size];
        Boolean[] published = new Boolean[size];
        for (int i = 0; i < size; i++) {
            Deliveries.Settlement settlement = settled.get(i);
            rows.set(i, settlement.row());
            written[i] = settlement.row().written();
            statuses[i] = settlement.status().name();
            services[i] = settlement.service();
            messageIds[i] = settlement.providerMessageId();
            errorCodes[i] = settlement.errorCode();
            providerErrorCodes[i] = settlement.providerErrorCode();
            reasons[i] = settlement.reason();
            attempts[i] = settlement.attempt();
            published[i] = settlement.published();
        }
        // The values are unnested twice rather than read from a CTE: PostgreSQL cannot tell how many rows a CTE
        // holds and joined it to a scan of the whole ledger (LedgerStatementPlanTests).
        String values = """
                unnest(%s, cast(:written as boolean[]), cast(:statuses as text[]),
                       cast(:services as text[]), cast(:messageIds as text[]),
                       cast(:errorCodes as text[]), cast(:providerErrorCodes as text[]),
                       cast(:reasons as text[]), cast(:attempts as integer[]),
                       cast(:published as boolean[]))
                    as v(%s, written, status, service, message_id, error_code, provider_error_code, reason,
                         attempt, published)""".formatted(RowColumns.ARRAYS, RowColumns.NAMES);
        keyLookups.run(() -> jdbc.update("""
                with updated as (%s)
                insert into deliveries (id, event_id, ledger_day, recipient_key, channel, kind, member_id,
                                        phone_masked, status, service, provider_message_id, error_code,
                                        provider_error_code, reason, attempt, outcome_published)
                select v.id, v.event_id, v.ledger_day, v.key, v.channel, v.kind, v.member_id, v.masked, v.status, v.service,
                       v.message_id, v.error_code, v.provider_error_code, v.reason, v.attempt, v.published
                  from %s
                 where not v.written
                 order by v.event_id, v.key, v.channel
                on conflict (event_id, recipient_key, channel, ledger_day) do nothing
                """.formatted(LedgerStatements.lockedInKeyOrder(values,
                        "v.written and d.status in ('PENDING', 'UNKNOWN') and d.claim_token is not distinct from v.token", """
                        status = v.status, service = v.service, provider_message_id = v.message_id,
                        error_code = v.error_code, provider_error_code = v.provider_error_code, reason = v.reason,
                        attempt = v.attempt, updated_at = now(), outcome_published = v.published,
                        claim_token = null, claim_until = null""") + " returning d.id", values),
                rows.params().addValue("written", written).addValue("statuses", statuses)
                        .addValue("services", services).addValue("messageIds", messageIds)
                        .addValue("errorCodes", errorCodes).addValue("providerErrorCodes", providerErrorCodes)
                        .addValue("reasons", reasons).addValue("attempts", attempts)
                        .addValue("published", published)));
    }
}
