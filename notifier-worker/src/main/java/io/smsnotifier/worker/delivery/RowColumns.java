package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** The columns of {@link LedgerRow}s as arrays, for statements that unnest them into {@code v(} {@value #NAMES} ...). */
final class RowColumns {

    static final String ARRAYS = """
            cast(:ids as bigint[]), cast(:eventIds as text[]), cast(:days as date[]), cast(:keys as text[]),
            cast(:channels as text[]), cast(:kinds as text[]), cast(:memberIds as text[]), cast(:masked as text[]),
            cast(:tokens as text[])""";
    static final String NAMES = "id, event_id, ledger_day, key, channel, kind, member_id, masked, token";

    private final Long[] ids;
    private final String[] eventIds;
    private final String[] days;
    private final String[] keys;
    private final String[] channels;
    private final String[] kinds;
    private final String[] memberIds;
    private final String[] masked;
    private final String[] tokens;

    RowColumns(int size) {
        ids = new Long[size];
        eventIds = new String[size];
        days = new String[size];
        keys = new String[size];
        channels = new String[size];
        kinds = new String[size];
        memberIds = new String[size];
        masked = new String[size];
        tokens = new String[size];
    }

    void set(int i, LedgerRow row) {
        ids[i] = row.id();
        eventIds[i] = row.eventId();
        days[i] = row.ledgerDay();
        keys[i] = row.recipientKey();
        channels[i] = row.channel();
        kinds[i] = row.kind();
        memberIds[i] = row.memberId();
        masked[i] = row.phoneMasked();
        tokens[i] = row.claimToken();
    }

    /**
     * The days of the rows, each once, as {@code :dayList}: the statement names them as constants besides each row's
     * own, so that PostgreSQL plans for those days' partitions alone (see {@link LedgerStatements}).
     */
    static String[] dayList(String[] days) {
        return java.util.Arrays.stream(days).distinct().toArray(String[]::new);
    }

    MapSqlParameterSource params() {
        return new MapSqlParameterSource("dayList", dayList(days)).addValue("ids", ids)
                .addValue("eventIds", eventIds).addValue("days", days).addValue("keys", keys)
                .addValue("channels", channels).addValue("kinds", kinds).addValue("memberIds", memberIds)
                .addValue("masked", masked).addValue("tokens", tokens);
    }
}
