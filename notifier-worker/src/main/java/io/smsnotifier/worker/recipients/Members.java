package io.smsnotifier.worker.recipients;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The directory's members in PostgreSQL. */
@Repository
class Members {

    private static final RowMapper<DirectoryMember> ROW = (rs, row) -> new DirectoryMember(
            rs.getString("member_id"), rs.getString("nick"), rs.getString("phone"), rs.getString("phone_e164"),
            rs.getBoolean("active"));

    private final NamedParameterJdbcTemplate jdbc;

    Members(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<DirectoryMember> findAll(Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                select member_id, nick, phone, phone_e164, active from members where member_id = any(:ids)
                """, Map.of("ids", memberIds.toArray(String[]::new)), ROW);
    }

    void save(String memberId, String nick, String phone, String phoneE164, String phoneProblem, boolean active) {
        jdbc.update("""
                insert into members (member_id, nick, phone, phone_e164, phone_problem, active, updated_at)
                values (:id, :nick, :phone, :e164, :problem, :active, now())
                on conflict (member_id) do update set nick = excluded.nick, phone = excluded.phone,
                    phone_e164 = excluded.phone_e164, phone_problem = excluded.phone_problem,
                    active = excluded.active, updated_at = now()
                """, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("id", memberId).addValue("nick", nick).addValue("phone", phone)
                .addValue("e164", phoneE164).addValue("problem", phoneProblem).addValue("active", active));
    }
}
