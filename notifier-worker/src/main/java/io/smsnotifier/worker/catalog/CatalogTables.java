package io.smsnotifier.worker.catalog;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tables of stored services, their sealed secrets and templates (V14), and the catalog's version, which every
 * change moves in its own transaction. Thread-safe.
 */
@Repository
class CatalogTables {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    /** A new row's version: one past the last one a row of that name had before it was deleted. */
    private static final String NEXT_VERSION = """
            coalesce((select last_version from catalog_tombstones where kind = '%s' and name = :name), 0) + 1""";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ServiceRevisions revisions;

    CatalogTables(NamedParameterJdbcTemplate jdbc, ObjectMapper json, ServiceRevisions revisions) {
        this.jdbc = jdbc;
        this.json = json;
        this.revisions = revisions;
    }

    /** One sealed secret of a service: which key sealed it, and the ciphertext. */
    record SecretRow(String field, String keyId, byte[] sealed) {
    }

    /** A stored service: its settings without secrets, its sealed secrets, and who changed it last. */
    record ServiceRow(String name, Map<String, Object> settings, List<SecretRow> secrets, long version,
                      Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    /** A stored template. */
    record TemplateRow(String code, String content, List<String> params, Map<String, String> codes,
                       boolean loginCode, long version, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    /**
     * Serialises every change of the catalog across instances until the transaction ends: the checks that span
     * services and templates (a template's codes, the last enabled service, one exclusive webhook) hold.
     */
    void lockForChange() {
        jdbc.getJdbcTemplate().query("select pg_advisory_xact_lock(hashtext('sms-notifier catalog'))", rs -> { });
    }

    long version() {
        Long version = jdbc.getJdbcTemplate().queryForObject("select version from catalog_version where id = 1",
                Long.class);
        return version == null ? 0 : version;
    }

    /** Moves the catalog's version: every instance reloads once it sees the new one. */
    void changed() {
        jdbc.getJdbcTemplate().update("update catalog_version set version = version + 1 where id = 1");
    }

    List<ServiceRow> services() {
        Map<String, List<SecretRow>> secrets = new LinkedHashMap<>();
        jdbc.query("select service_name, field, key_id, sealed from sms_service_secrets order by service_name, field",
                rs -> {
                    secrets.computeIfAbsent(rs.getString("service_name"), name -> new ArrayList<>())
                            .add(new SecretRow(rs.getString("field"), rs.getString("key_id"), rs.getBytes("sealed")));
                });
        return jdbc.query("select * from sms_services order by name",
                (rs, n) -> service(rs, secrets.getOrDefault(rs.getString("name"), List.of())));
    }

    Optional<ServiceRow> service(String name) {
        List<SecretRow> secrets = jdbc.query(
                "select field, key_id, sealed from sms_service_secrets where service_name = :name order by field",
                Map.of("name", name),
                (rs, n) -> new SecretRow(rs.getString("field"), rs.getString("key_id"), rs.getBytes("sealed")));
        return jdbc.query("select * from sms_services where name = :name", Map.of("name", name),
                (rs, n) -> service(rs, secrets)).stream().findFirst();
    }

    void insertService(String name, Map<String, Object> settings, List<SecretRow> secrets, String actor) {
        jdbc.update("""
                insert into sms_services (name, settings, version, updated_by)
                values (:name, cast(:settings as jsonb), %s, :actor)
                """.formatted(NEXT_VERSION.formatted("service")), new MapSqlParameterSource().addValue("name", name)
                .addValue("settings", json.writeValueAsString(settings)).addValue("actor", actor));
        insertSecrets(name, secrets);
    }

    /** @return false when the service is not at {@code expectedVersion} (or not there) */
    boolean updateService(String name, long expectedVersion, Map<String, Object> settings, List<SecretRow> secrets,
                          String actor) {
        // Rows in doubt may name the version this replaces: kept, to be asked about with its own settings.
        revisions.keep(name, expectedVersion);
        int updated = jdbc.update("""
                update sms_services set settings = cast(:settings as jsonb), version = version + 1, updated_at = now(),
                       updated_by = :actor
                 where name = :name and version = :version
                """, new MapSqlParameterSource().addValue("name", name).addValue("version", expectedVersion)
                .addValue("settings", json.writeValueAsString(settings)).addValue("actor", actor));
        if (updated == 0) {
            return false;
        }
        jdbc.update("delete from sms_service_secrets where service_name = :name", Map.of("name", name));
        insertSecrets(name, secrets);
        return true;
    }

    /** Re-seals one secret in place (same plaintext, another key). */
    void replaceSecret(String name, SecretRow secret) {
        jdbc.update("""
                update sms_service_secrets set key_id = :keyId, sealed = :sealed
                 where service_name = :name and field = :field
                """, new MapSqlParameterSource().addValue("name", name).addValue("field", secret.field())
                .addValue("keyId", secret.keyId()).addValue("sealed", secret.sealed()));
    }

    /** How many stored secrets each key sealed, by key id: once only the current one is left, the others can go. */
    Map<String, Integer> secretsByKeyId() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.query("select key_id, count(*) as secrets from sms_service_secrets group by key_id",
                rs -> {
                    counts.put(rs.getString("key_id"), rs.getInt("secrets"));
                });
        return counts;
    }

    boolean deleteService(String name) {
        remember("service", "sms_services", "name", name);
        revisions.keep(name, null);
        return jdbc.update("delete from sms_services where name = :name", Map.of("name", name)) > 0;
    }

    /** Keeps the version of what is about to be deleted: see V17. */
    private void remember(String kind, String table, String key, String name) {
        jdbc.update("""
                insert into catalog_tombstones (kind, name, last_version)
                select :kind, %2$s, version from %1$s where %2$s = :name
                on conflict (kind, name) do update set last_version = excluded.last_version
                """.formatted(table, key), Map.of("kind", kind, "name", name));
    }

    private void insertSecrets(String name, List<SecretRow> secrets) {
        for (SecretRow secret : secrets) {
            jdbc.update("""
                    insert into sms_service_secrets (service_name, field, key_id, sealed)
                    values (:name, :field, :keyId, :sealed)
                    """, new MapSqlParameterSource().addValue("name", name).addValue("field", secret.field())
                    .addValue("keyId", secret.keyId()).addValue("sealed", secret.sealed()));
        }
    }

    List<TemplateRow> templates() {
        return jdbc.query("select * from sms_templates order by code", (rs, n) -> template(rs));
    }

    Optional<TemplateRow> template(String code) {
        return jdbc.query("select * from sms_templates where code = :code", Map.of("code", code),
                (rs, n) -> template(rs)).stream().findFirst();
    }

    void insertTemplate(TemplateDocument template, String actor) {
        jdbc.update("""
                insert into sms_templates (code, content, params, codes, login_code, version, updated_by)
                values (:code, :content, cast(:params as jsonb), cast(:codes as jsonb), :loginCode, %s, :actor)
                """.formatted(NEXT_VERSION.formatted("template")).replace(":name", ":code"),
                templateParameters(template, actor));
    }

    /** @return false when the template is not at {@code expectedVersion} (or not there) */
    boolean updateTemplate(TemplateDocument template, long expectedVersion, String actor) {
        return jdbc.update("""
                update sms_templates set content = :content, params = cast(:params as jsonb),
                       codes = cast(:codes as jsonb), login_code = :loginCode, version = version + 1,
                       updated_at = now(), updated_by = :actor
                 where code = :code and version = :version
                """, templateParameters(template, actor).addValue("version", expectedVersion)) > 0;
    }

    boolean deleteTemplate(String code) {
        remember("template", "sms_templates", "code", code);
        return jdbc.update("delete from sms_templates where code = :code", Map.of("code", code)) > 0;
    }

    private MapSqlParameterSource templateParameters(TemplateDocument template, String actor) {
        return new MapSqlParameterSource().addValue("code", template.code()).addValue("content", template.content())
                .addValue("params", json.writeValueAsString(template.params() == null ? List.of() : template.params()))
                .addValue("codes", json.writeValueAsString(template.codes() == null ? Map.of() : template.codes()))
                .addValue("loginCode", Boolean.TRUE.equals(template.loginCode())).addValue("actor", actor);
    }

    private ServiceRow service(ResultSet rs, List<SecretRow> secrets) throws SQLException {
        return new ServiceRow(rs.getString("name"), json.readValue(rs.getString("settings"), OBJECT),
                List.copyOf(secrets), rs.getLong("version"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    private TemplateRow template(ResultSet rs) throws SQLException {
        return new TemplateRow(rs.getString("code"), rs.getString("content"),
                json.readValue(rs.getString("params"), STRINGS), json.readValue(rs.getString("codes"), STRING_MAP),
                rs.getBoolean("login_code"), rs.getLong("version"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? Instant.EPOCH : at.toInstant();
    }
}
