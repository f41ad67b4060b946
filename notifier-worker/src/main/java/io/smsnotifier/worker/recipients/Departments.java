package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.DepartmentUpdated;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.List;

/** The directory's departments in PostgreSQL. */
@Repository
class Departments {

    private final NamedParameterJdbcTemplate jdbc;

    Departments(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Upserts {@code departments}, each id at most once. */
    SaveCounts saveAll(List<DepartmentUpdated> departments) {
        if (departments.isEmpty()) {
            return SaveCounts.NONE;
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ids", departments.stream().map(DepartmentUpdated::departmentId).toArray(String[]::new))
                .addValue("parents", departments.stream().map(DepartmentUpdated::parentId).toArray(String[]::new))
                .addValue("names", departments.stream().map(DepartmentUpdated::name).toArray(String[]::new));
        List<Boolean> inserted = jdbc.queryForList("""
                insert into departments (department_id, parent_id, name, updated_at)
                select d.*, now() from unnest(cast(:ids as text[]), cast(:parents as text[]), cast(:names as text[])) as d
                on conflict (department_id) do update set parent_id = excluded.parent_id, name = excluded.name,
                    updated_at = now()
                returning (xmax = 0) as inserted
                """, params, Boolean.class);
        int insertedCount = (int) inserted.stream().filter(Boolean.TRUE::equals).count();
        return new SaveCounts(insertedCount, inserted.size() - insertedCount);
    }

    /**
     * Deletes departments from the tree: their sub-departments no longer resolve through them. Members keep
     * their link until their own directory entry changes, because the directory publishes members and
     * departments independently and in no particular order across keys.
     */
    int deleteAll(Collection<String> departmentIds) {
        if (departmentIds.isEmpty()) {
            return 0;
        }
        return jdbc.update("delete from departments where department_id = any(cast(:ids as text[]))",
                new MapSqlParameterSource("ids", departmentIds.toArray(String[]::new)));
    }
}
