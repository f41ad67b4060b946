package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.StoredRevisions;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import io.smsnotifier.worker.support.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of stored services that a change or a delete replaced (V18), kept with their secrets sealed for
 * as long as a ledger row in doubt names one: a lost answer is asked about with the account and endpoint the
 * request went out with. A version no row in doubt names goes an hour after it was replaced (a request on an
 * instance that has not yet seen the change still records it). Thread-safe.
 */
@Repository
class ServiceRevisions implements StoredRevisions {

    private static final Logger log = LoggerFactory.getLogger(ServiceRevisions.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String CURRENT = "select name, version, settings from sms_services where name = :name";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final StoredSecrets secrets;

    ServiceRevisions(NamedParameterJdbcTemplate jdbc, ObjectMapper json, StoredSecrets secrets) {
        this.jdbc = jdbc;
        this.json = json;
        this.secrets = secrets;
    }

    /**
     * Keeps the version of {@code name} that is about to be replaced ({@code version}) or deleted (null), secrets
     * and all, in the transaction of the change; then lets go of versions no row needs any longer.
     */
    void keep(String name, Long version) {
        String which = version == null ? CURRENT : CURRENT + " and version = :version";
        MapSqlParameterSource params = new MapSqlParameterSource("name", name).addValue("version", version);
        jdbc.update("insert into sms_service_revisions (name, version, settings) " + which
                + " on conflict do nothing", params);
        jdbc.update("""
                insert into sms_service_revision_secrets (name, version, field, key_id, sealed)
                select s.service_name, v.version, s.field, s.key_id, s.sealed
                  from sms_service_secrets s join (%s) v on v.name = s.service_name
                on conflict do nothing""".formatted(which), params);
        purge();
    }

    /** Deletes the versions replaced more than an hour ago that no row in doubt names; returns how many. */
    int purge() {
        return jdbc.update("""
                delete from sms_service_revisions r
                 where r.retired_at < now() - interval '1 hour'
                   and not exists (select 1 from deliveries d
                                    where d.status = 'UNKNOWN' and d.service = r.name
                                      and d.service_revision = r.version)""", Map.of());
    }

    @Override
    public Optional<ServiceDefinition> definition(String name, long version) {
        Optional<CatalogTables.ServiceRow> row = kept(name, version).or(() -> current(name, version));
        try {
            return row.map(secrets::open);
        } catch (SecretsUnavailableException | IllegalStateException e) {
            log.warn("version {} of sms service {} cannot be opened to ask about a lost answer: {}", version,
                    LogSafe.key(name), LogSafe.text(e.getMessage()));
            return Optional.empty();
        }
    }

    /** Every kept version, for re-sealing under a new key. */
    List<CatalogTables.ServiceRow> kept() {
        return jdbc.query("select name, version from sms_service_revisions order by name, version", Map.of(),
                (rs, n) -> kept(rs.getString("name"), rs.getLong("version")).orElseThrow());
    }

    /** Re-seals one secret of a kept version in place (same plaintext, another key). */
    void replaceSecret(String name, long version, CatalogTables.SecretRow secret) {
        jdbc.update("""
                update sms_service_revision_secrets set key_id = :keyId, sealed = :sealed
                 where name = :name and version = :version and field = :field
                """, new MapSqlParameterSource().addValue("name", name).addValue("version", version)
                .addValue("field", secret.field()).addValue("keyId", secret.keyId())
                .addValue("sealed", secret.sealed()));
    }

    /** How many secrets of kept versions each key sealed, by key id. */
    Map<String, Integer> secretsByKeyId() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select key_id, count(*) as secrets from sms_service_revision_secrets group by key_id",
                Map.of(), rs -> {
                    counts.put(rs.getString("key_id"), rs.getInt("secrets"));
                });
        return counts;
    }

    private Optional<CatalogTables.ServiceRow> kept(String name, long version) {
        return read(name, version, """
                select field, key_id, sealed from sms_service_revision_secrets
                 where name = :name and version = :version order by field""",
                "select settings from sms_service_revisions where name = :name and version = :version");
    }

    /** The service in force when it is still at {@code version} (a disabled one, or one this instance lags on). */
    private Optional<CatalogTables.ServiceRow> current(String name, long version) {
        return read(name, version,
                "select field, key_id, sealed from sms_service_secrets where service_name = :name order by field",
                CURRENT + " and version = :version");
    }

    private Optional<CatalogTables.ServiceRow> read(String name, long version, String secretsQuery,
                                                   String settingsQuery) {
        MapSqlParameterSource params = new MapSqlParameterSource("name", name).addValue("version", version);
        List<CatalogTables.SecretRow> sealed = jdbc.query(secretsQuery, params,
                (rs, n) -> new CatalogTables.SecretRow(rs.getString("field"), rs.getString("key_id"),
                        rs.getBytes("sealed")));
        return jdbc.query(settingsQuery, params, (rs, n) -> row(name, version, rs.getString("settings"), sealed))
                .stream().findFirst();
    }

    private CatalogTables.ServiceRow row(String name, long version, String settings,
                                         List<CatalogTables.SecretRow> sealed) {
        return new CatalogTables.ServiceRow(name, json.readValue(settings, OBJECT), new ArrayList<>(sealed), version,
                Instant.EPOCH, Instant.EPOCH, "");
    }
}
