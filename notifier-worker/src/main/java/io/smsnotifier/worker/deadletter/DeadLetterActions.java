package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.Map;

/** The audit of what ops did with dead letters, in PostgreSQL: at most one action per dead letter. */
@Repository
class DeadLetterActions {

    /** What was done to one dead letter: {@link State#REPLAYED} or {@link State#DISCARDED}, with its reason. */
    record Action(State state, @Nullable String reason) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    DeadLetterActions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Actions on {@code topic}'s records, by {@link #key}. */
    Map<String, Action> byRecord(String topic) {
        Map<String, Action> actions = new HashMap<>();
        jdbc.query("select partition_no, record_offset, action, reason from dead_letter_actions where topic = :topic",
                new MapSqlParameterSource("topic", topic), row -> {
                    actions.put(key(row.getInt("partition_no"), row.getLong("record_offset")),
                            new Action(State.valueOf(row.getString("action")), row.getString("reason")));
                });
        return actions;
    }

    static String key(int partition, long offset) {
        return partition + "/" + offset;
    }

    /** @return false when the record was already replayed or discarded */
    boolean record(String topic, int partition, long offset, Action action, String actor) {
        return jdbc.update("""
                insert into dead_letter_actions (topic, partition_no, record_offset, action, reason, actor)
                values (:topic, :partition, :offset, :action, :reason, :actor) on conflict do nothing
                """, new MapSqlParameterSource("topic", topic).addValue("partition", partition)
                .addValue("offset", offset).addValue("action", action.state().name())
                .addValue("reason", action.reason()).addValue("actor", actor)) == 1;
    }
}
