package io.smsnotifier.it.benchmark;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@link HandWrittenPipeline}'s ledger, table {@code ceiling_deliveries} in the worker's database: one row per
 * (event, number), made in flight ({@code SENDING}) with the request's out-id before the request leaves, settled
 * with the answer. One statement claims a whole poll, one settles it. One connection, auto-commit: each statement is
 * its own transaction, and the pipeline has a single thread, so no two statements ever wait for each other's rows.
 */
final class PipelineLedger implements AutoCloseable {

    static final String TABLE = "ceiling_deliveries";

    /**
     * Inserts every wanted row that is not there yet and answers, for each wanted row, whether this statement made
     * it and, if not, the row as it was. The sub-statements of a {@code with} share one snapshot, so the outer
     * {@code left join} sees only rows that were there before.
     */
    private static final String CLAIM = """
            with wanted as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as w(event_id, phone, out_id, status)),
            claimed as (
                insert into ceiling_deliveries (event_id, phone, out_id, status)
                select event_id, phone, out_id, status from wanted
                on conflict (event_id, phone) do nothing
                returning event_id, phone)
            select w.event_id, w.phone, c.event_id is not null, d.status, d.provider_id, d.error_code
              from wanted w
              left join claimed c on c.event_id = w.event_id and c.phone = w.phone
              left join ceiling_deliveries d on d.event_id = w.event_id and d.phone = w.phone
            """;

    /** Settles rows still in flight; a settled row keeps its first outcome. */
    private static final String SETTLE = """
            update ceiling_deliveries d
               set status = s.status, provider_id = s.provider_id, error_code = s.error_code, updated_at = now()
              from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   as s(event_id, phone, status, provider_id, error_code)
             where d.event_id = s.event_id and d.phone = s.phone and d.status = 'SENDING'
            """;

    private final Connection connection;
    private final PreparedStatement claim;
    private final PreparedStatement settle;

    PipelineLedger(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    create table if not exists ceiling_deliveries (
                        event_id text not null, phone text not null, out_id text not null, status text not null,
                        provider_id text, error_code text, updated_at timestamptz not null default now(),
                        primary key (event_id, phone))""");
        }
        this.claim = connection.prepareStatement(CLAIM);
        this.settle = connection.prepareStatement(SETTLE);
    }

    /** One wanted row: {@code status} is {@code SENDING}, or already final (a code past its expiry). */
    record Row(String eventId, String phone, String outId, String status, String providerId, String errorCode) {
    }

    /** A claimed row: {@code mine} when this claim made it, else {@code row} is the one that was there. */
    record Claim(Row row, boolean mine) {
    }

    /** Claims {@code rows} (no two with the same event and number) in one statement. */
    List<Claim> claim(List<Row> rows) throws SQLException {
        claim.setArray(1, texts(rows.stream().map(Row::eventId)));
        claim.setArray(2, texts(rows.stream().map(Row::phone)));
        claim.setArray(3, texts(rows.stream().map(Row::outId)));
        claim.setArray(4, texts(rows.stream().map(Row::status)));
        List<Claim> claims = new ArrayList<>(rows.size());
        Map<String, Row> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(row.eventId() + '\n' + row.phone(), row));
        try (ResultSet rs = claim.executeQuery()) {
            while (rs.next()) {
                Row wanted = byKey.get(rs.getString(1) + '\n' + rs.getString(2));
                claims.add(rs.getBoolean(3) ? new Claim(wanted, true) : new Claim(new Row(wanted.eventId(),
                        wanted.phone(), wanted.outId(), rs.getString(4), rs.getString(5), rs.getString(6)), false));
            }
        }
        return claims;
    }

    /** Settles {@code rows} (their status, message id and error code) in one statement. */
    void settle(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        settle.setArray(1, texts(rows.stream().map(Row::eventId)));
        settle.setArray(2, texts(rows.stream().map(Row::phone)));
        settle.setArray(3, texts(rows.stream().map(Row::status)));
        settle.setArray(4, texts(rows.stream().map(Row::providerId)));
        settle.setArray(5, texts(rows.stream().map(Row::errorCode)));
        settle.executeUpdate();
    }

    private Array texts(Stream<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
