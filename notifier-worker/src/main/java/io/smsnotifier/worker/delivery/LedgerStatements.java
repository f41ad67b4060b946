package io.smsnotifier.worker.delivery;

/** The shape every ledger statement that changes several rows shares. */
final class LedgerStatements {

    private LedgerStatements() {
    }

    /**
     * A statement that changes the ledger rows listed in {@code rows} (an {@code unnest(...) as v(} {@value
     * RowColumns#NAMES}{@code , ...)} of the rows and their new values, {@link RowColumns}) where {@code condition}
     * holds, locking them in ledger-key order first: the {@code locked} rows, aliased {@code v}, carry the values.
     * Every statement that changes several rows takes them in this one order (the claim inserts in it too): two
     * statements of concurrent rounds, say one copy's claim and another copy's settle of the same events, then wait
     * for each other instead of deadlocking. A deadlock costs a second (PostgreSQL's deadlock_timeout) and aborts one
     * of them; an aborted settle left numbers the vendor had accepted in doubt, and they were resent.
     * <p>
     * Each row is found by the ledger's key, event and day included, and must have the id the values name (a row
     * another copy of the event wrote meanwhile has another): PostgreSQL looks into the row's own day's partition
     * alone, and a ledger distributed by event id (Citus) finds it on its event's shard. The rows' days are named once
     * more as constants ({@code :dayList}, {@link RowColumns#dayList}): a row's own day prunes only as the statement
     * runs, and PostgreSQL, planning for every day of the ledger, priced a lookup by key at one probe per day and
     * read today's whole partition by hash instead, for every statement (a backlog drained at 20 SMS/s); planned for
     * the named days alone it looks each row up and takes a fraction of the time to plan. The update reads only
     * {@code locked}: joining the values and the locked rows as two sources made the planner, which expects ten rows
     * of each, scan one for every row of the other, 30 s for a round of 10,000 numbers. The condition is worked out
     * on the version locked (a row changed since the statement began is read again as it is now) and the update
     * reads only that answer: with the condition on the ledger's columns, statistics that saw few open rows (most of
     * a ledger is settled) made the planner scan the whole ledger once per value.
     */
    static String lockedInKeyOrder(String rows, String condition, String update) {
        return """
                with locked as (select v.*, (%2$s) as changeable
                                  from deliveries d join %1$s on d.event_id = v.event_id and d.recipient_key = v.key
                                                             and d.channel = v.channel and d.ledger_day = v.ledger_day
                                 where d.id = v.id and d.ledger_day = any(cast(:dayList as date[]))
                                 order by d.event_id, d.recipient_key, d.channel for no key update of d)
                update deliveries d set %3$s
                  from locked v
                 where d.event_id = v.event_id and d.recipient_key = v.key and d.channel = v.channel
                   and d.ledger_day = v.ledger_day and v.changeable and d.ledger_day = any(cast(:dayList as date[]))
                """.formatted(rows, condition, update);
    }
}
