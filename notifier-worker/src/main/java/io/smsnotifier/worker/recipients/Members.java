package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.Collection;
import java.util.List;

/** The directory's members, with their departments and roles, in PostgreSQL. */
@Repository
class Members {

    private static final RowMapper<DirectoryMember> ROW = (rs, row) -> new DirectoryMember(
            rs.getString("member_id"), rs.getString("nick"), rs.getString("phone"), rs.getString("phone_e164"),
            rs.getBoolean("active"));

    private final NamedParameterJdbcTemplate jdbc;

    Members(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every member named, in one of {@code departmentIds} (with all their descendants when
     * {@code includeSubDepartments}), or holding one of {@code roleIds}; each member once. The recursive walk
     * uses {@code union}, so a department reached twice (a cycle in the data) is visited once.
     */
    List<DirectoryMember> findRecipients(Collection<String> memberIds, Collection<String> departmentIds,
                                         boolean includeSubDepartments, Collection<String> roleIds) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("members", memberIds.toArray(String[]::new))
                .addValue("departments", departmentIds.toArray(String[]::new))
                .addValue("roles", roleIds.toArray(String[]::new))
                .addValue("subDepartments", includeSubDepartments);
        return jdbc.query("""
                with recursive subtree(department_id) as (
                    select unnest(cast(:departments as text[]))
                    union
                    select d.department_id from departments d join subtree s on d.parent_id = s.department_id
                     where :subDepartments
                ), named as (
                    select unnest(cast(:members as text[])) as member_id
                    union
                    select md.member_id from member_departments md join subtree s using (department_id)
                    union
                    select mr.member_id from member_roles mr where mr.role_id = any(cast(:roles as text[]))
                )
                select m.member_id, m.nick, m.phone, m.phone_e164, m.active
                  from members m join named n using (member_id)
                """, params, ROW);
    }

    @Transactional
    void save(String memberId, @Nullable String nick, @Nullable String phone, @Nullable String phoneE164,
              @Nullable String phoneProblem, boolean active, Collection<String> departmentIds,
              Collection<String> roleIds) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("id", memberId).addValue("nick", nick).addValue("phone", phone)
                .addValue("e164", phoneE164).addValue("problem", phoneProblem).addValue("active", active)
                .addValue("departments", departmentIds.toArray(String[]::new))
                .addValue("roles", roleIds.toArray(String[]::new));
        jdbc.update("""
                insert into members (member_id, nick, phone, phone_e164, phone_problem, active, updated_at)
                values (:id, :nick, :phone, :e164, :problem, :active, now())
                on conflict (member_id) do update set nick = excluded.nick, phone = excluded.phone,
                    phone_e164 = excluded.phone_e164, phone_problem = excluded.phone_problem,
                    active = excluded.active, updated_at = now()
                """, params);
        // Departments and roles are replaced, not merged: the directory event is the member's whole entry.
        jdbc.update("delete from member_departments where member_id = :id", params);
        jdbc.update("""
                insert into member_departments (member_id, department_id)
                select :id, d from unnest(cast(:departments as text[])) as d on conflict do nothing
                """, params);
        jdbc.update("delete from member_roles where member_id = :id", params);
        jdbc.update("""
                insert into member_roles (member_id, role_id)
                select :id, r from unnest(cast(:roles as text[])) as r on conflict do nothing
                """, params);
    }

    /** @return true when the member existed */
    boolean delete(String memberId) {
        return jdbc.update("delete from members where member_id = :id",
                new MapSqlParameterSource("id", memberId)) > 0;
    }
}
