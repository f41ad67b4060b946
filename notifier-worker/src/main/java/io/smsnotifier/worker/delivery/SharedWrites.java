package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ledger writes that concurrent requests share ({@link GroupWriter}): while one call writes, the calls that
 * arrive queue up and the next of them writes all their rows at once, so requests in flight together cost one
 * round trip, not one each. Login codes have writers of their own, so that a code never waits behind a large
 * approval write. Thread-safe.
 */
final class SharedWrites {

    private record SendingMark(Map<Long, String> tokenById, String service, @Nullable Long revision, String outId,
                               long leaseMillis) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final GroupWriter<SendingMark> sendingMarks = new GroupWriter<>(this::writeSendingMarks);
    private final GroupWriter<SendingMark> loginCodeSendingMarks = new GroupWriter<>(this::writeSendingMarks);
    private final GroupWriter<List<Deliveries.Settlement>> settlements;
    private final GroupWriter<List<Deliveries.Settlement>> loginCodeSettlements;

    SharedWrites(NamedParameterJdbcTemplate jdbc, Consumer<List<Deliveries.Settlement>> settle) {
        this.jdbc = jdbc;
        this.settlements = new GroupWriter<>(lists -> settle.accept(lists.stream().flatMap(List::stream).toList()));
        this.loginCodeSettlements = new GroupWriter<>(
                lists -> settle.accept(lists.stream().flatMap(List::stream).toList()));
    }

    void markSending(Map<Long, String> tokenById, String service, @Nullable Long revision, String outId,
                     Duration lease, Lane lane) {
        (lane == Lane.LOGIN_CODE ? loginCodeSendingMarks : sendingMarks)
                .write(new SendingMark(tokenById, service, revision, outId, lease.toMillis()));
    }

    void settle(List<Deliveries.Settlement> rows, Lane lane) {
        (lane == Lane.LOGIN_CODE ? loginCodeSettlements : settlements).write(rows);
    }

    /** Writes marks in one statement. */
    private void writeSendingMarks(List<SendingMark> marks) {
        int rows = marks.stream().mapToInt(mark -> mark.tokenById().size()).sum();
        Long[] ids = new Long[rows];
        String[] services = new String[rows];
        Long[] revisions = new Long[rows];
        String[] outIds = new String[rows];
        Long[] leases = new Long[rows];
        String[] tokens = new String[rows];
        int i = 0;
        for (SendingMark mark : marks) {
            for (Map.Entry<Long, String> row : mark.tokenById().entrySet()) {
                ids[i] = row.getKey();
                tokens[i] = row.getValue();
                services[i] = mark.service();
                revisions[i] = mark.revision();
                outIds[i] = mark.outId();
                leases[i] = mark.leaseMillis();
                i++;
            }
        }
        jdbc.update(LedgerStatements.lockedInKeyOrder("""
                unnest(cast(:ids as bigint[]), cast(:services as text[]), cast(:revisions as bigint[]),
                       cast(:outIds as text[]), cast(:leases as bigint[]), cast(:tokens as text[]))
                    as v(id, service, revision, out_id, lease_millis, token)""",
                "d.status in ('PENDING', 'UNKNOWN') and d.claim_token is not distinct from v.token", """
                status = 'UNKNOWN', service = v.service, service_revision = v.revision, request_out_id = v.out_id,
                sending_at = now(),
                updated_at = now(), claim_until = now() + v.lease_millis * interval '1 millisecond'"""),
                new MapSqlParameterSource("ids", ids).addValue("services", services).addValue("revisions", revisions)
                    .addValue("outIds", outIds).addValue("leases", leases).addValue("tokens", tokens));
    }
}
