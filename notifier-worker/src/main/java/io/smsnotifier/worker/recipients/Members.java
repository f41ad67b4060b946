package io.smsnotifier.worker.recipients;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The directory's members, with their departments and roles, in PostgreSQL. */
@Repository
class Members {

    private static final String COLUMNS = "m.member_id, m.nick, m.phone, m.phone_e164, m.phone_problem, m.active";
    private static final RowMapper<DirectoryMember> ROW = (rs, row) -> new DirectoryMember(
            rs.getString("member_id"), rs.getString("nick"), rs.getString("phone"), rs.getString("phone_e164"),
            rs.getString("phone_problem"), rs.getBoolean("active"));

    private final NamedParameterJdbcTemplate jdbc;

    Members(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every member named, in one of {@code departmentIds} (with all their descendants when
     * {@code includeSubDepartments}), or holding one of {@code roleIds}; each member once. The recursive walk
     * uses {@code union}, so a department reached twice (a cycle in the data) is visited once. Stops at
     * {@code atMost} members, so that an event naming the root department does not load the whole organisation
     * only to be refused.
     */
    List<DirectoryMember> findRecipients(Collection<String> memberIds, Collection<String> departmentIds,
                                         boolean includeSubDepartments, Collection<String> roleIds, int atMost) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("atMost", atMost)
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
                select %s from members m join named n using (member_id)
                 limit :atMost
                """.formatted(COLUMNS), params, ROW);
    }

    Optional<DirectoryMember> find(String memberId) {
        return jdbc.query("select %s from members m where m.member_id = :id".formatted(COLUMNS),
                new MapSqlParameterSource("id", memberId), ROW).stream().findFirst();
    }

    List<String> departmentsOf(String memberId) {
        return jdbc.queryForList("select department_id from member_departments where member_id = :id order by 1",
                new MapSqlParameterSource("id", memberId), String.class);
    }

    List<String> rolesOf(String memberId) {
        return jdbc.queryForList("select role_id from member_roles where member_id = :id order by 1",
                new MapSqlParameterSource("id", memberId), String.class);
    }

    /**
     * Upserts {@code members} (each id at most once) and replaces their departments and roles, in a few
     * statements whatever the count. Call inside a transaction.
     */
    SaveCounts saveAll(List<MemberRow> members) {
        if (members.isEmpty()) {
            return SaveCounts.NONE;
        }
        List<String> linkMembers = new ArrayList<>();
        List<String> linkDepartments = new ArrayList<>();
        List<String> roleMembers = new ArrayList<>();
        List<String> roleIds = new ArrayList<>();
        for (MemberRow member : members) {
            member.departmentIds().forEach(department -> {
                linkMembers.add(member.memberId());
                linkDepartments.add(department);
            });
            member.roleIds().forEach(role -> {
                roleMembers.add(member.memberId());
                roleIds.add(role);
            });
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ids", members.stream().map(MemberRow::memberId).toArray(String[]::new))
                .addValue("nicks", members.stream().map(MemberRow::nick).toArray(String[]::new))
                .addValue("phones", members.stream().map(MemberRow::phone).toArray(String[]::new))
                .addValue("e164s", members.stream().map(MemberRow::phoneE164).toArray(String[]::new))
                .addValue("problems", members.stream().map(MemberRow::phoneProblem).toArray(String[]::new))
                .addValue("actives", members.stream().map(MemberRow::active).toArray(Boolean[]::new))
                .addValue("linkMembers", linkMembers.toArray(String[]::new))
                .addValue("linkDepartments", linkDepartments.toArray(String[]::new))
                .addValue("roleMembers", roleMembers.toArray(String[]::new))
                .addValue("roleIds", roleIds.toArray(String[]::new));
        // xmax = 0 only for rows this statement inserted: how inserts are told from updates in one upsert.
        List<Boolean> inserted = jdbc.queryForList("""
                insert into members (member_id, nick, phone, phone_e164, phone_problem, active, updated_at)
                select u.*, now() from unnest(cast(:ids as text[]), cast(:nicks as text[]), cast(:phones as text[]),
                       cast(:e164s as text[]), cast(:problems as text[]), cast(:actives as boolean[])) as u
                on conflict (member_id) do update set nick = excluded.nick, phone = excluded.phone,
                    phone_e164 = excluded.phone_e164, phone_problem = excluded.phone_problem,
                    active = excluded.active, updated_at = now()
                returning (xmax = 0) as inserted
                """, params, Boolean.class);
        // Departments and roles are replaced, not merged: a directory entry is the member's whole state.
        jdbc.update("delete from member_departments where member_id = any(cast(:ids as text[]))", params);
        jdbc.update("""
                insert into member_departments (member_id, department_id)
                select * from unnest(cast(:linkMembers as text[]), cast(:linkDepartments as text[]))
                on conflict do nothing
                """, params);
        jdbc.update("delete from member_roles where member_id = any(cast(:ids as text[]))", params);
        jdbc.update("""
                insert into member_roles (member_id, role_id)
                select * from unnest(cast(:roleMembers as text[]), cast(:roleIds as text[]))
                on conflict do nothing
                """, params);
        int insertedCount = (int) inserted.stream().filter(Boolean.TRUE::equals).count();
        return new SaveCounts(insertedCount, inserted.size() - insertedCount);
    }

    /** @return how many of {@code memberIds} existed */
    int deleteAll(Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("delete from members where member_id = any(cast(:ids as text[]))",
                new MapSqlParameterSource("ids", memberIds.toArray(String[]::new)));
    }

    /** A member ready to store: the number already normalised. */
    record MemberRow(String memberId, String nick, String phone, String phoneE164, String phoneProblem,
                     boolean active, List<String> departmentIds, List<String> roleIds) {
    }
}
