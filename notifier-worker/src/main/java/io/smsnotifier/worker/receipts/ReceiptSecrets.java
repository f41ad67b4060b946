package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.secrets.SealedSecret;
import io.smsnotifier.worker.secrets.SecretBox;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Each service's receipt secret in {@code receipt_secrets}: 192 random bits, URL-safe base64, sealed by
 * {@link SecretBox} for {@code receipt:<service>} so that a row copied to another service does not open. Made on
 * first use, by whichever instance asks first. Never logged; compared in constant time. Thread-safe.
 */
@Repository
class ReceiptSecrets {

    private static final int BYTES = 24;

    private final NamedParameterJdbcTemplate jdbc;
    private final SecretBox box;
    private final SecureRandom random = new SecureRandom();

    ReceiptSecrets(NamedParameterJdbcTemplate jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** The service's secret, made and stored now if it has none. */
    String secretFor(String service) {
        Optional<String> stored = stored(service);
        if (stored.isPresent()) {
            return stored.get();
        }
        SealedSecret sealed = box.seal(fresh(), context(service));
        // Two instances may make one at once: the first stored wins and both read it back.
        jdbc.update("""
                insert into receipt_secrets (service, key_id, sealed) values (:service, :keyId, :sealed)
                on conflict (service) do nothing""", params(service, sealed));
        return stored(service).orElseThrow();
    }

    /** Replaces the service's secret with a new one: the old address stops working at once. */
    String rotate(String service) {
        String secret = fresh();
        SealedSecret sealed = box.seal(secret, context(service));
        jdbc.update("""
                insert into receipt_secrets (service, key_id, sealed) values (:service, :keyId, :sealed)
                on conflict (service) do update set key_id = excluded.key_id, sealed = excluded.sealed,
                                                    created_at = now()""", params(service, sealed));
        return secret;
    }

    /** Seals every secret another key sealed under the current key; returns how many. */
    int reseal() {
        record Row(String service, SealedSecret sealed) {
        }
        List<Row> rows = jdbc.query("select service, key_id, sealed from receipt_secrets", (rs, row) ->
                new Row(rs.getString("service"), new SealedSecret(rs.getString("key_id"), rs.getBytes("sealed"))));
        int count = 0;
        for (Row row : rows) {
            if (!box.isCurrent(row.sealed().keyId())) {
                SealedSecret sealed = box.seal(box.open(row.sealed(), context(row.service())), context(row.service()));
                jdbc.update("update receipt_secrets set key_id = :keyId, sealed = :sealed where service = :service",
                        params(row.service(), sealed));
                count++;
            }
        }
        return count;
    }

    /** Whether {@code given} is the service's secret; false when it has none. */
    boolean matches(String service, String given) {
        return stored(service).map(secret -> MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    private Optional<String> stored(String service) {
        List<SealedSecret> rows = jdbc.query("select key_id, sealed from receipt_secrets where service = :service",
                new MapSqlParameterSource("service", service),
                (rs, row) -> new SealedSecret(rs.getString("key_id"), rs.getBytes("sealed")));
        return rows.stream().findFirst().map(sealed -> box.open(sealed, context(service)));
    }

    private String fresh() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String context(String service) {
        return "receipt:" + service;
    }

    private static MapSqlParameterSource params(String service, SealedSecret sealed) {
        return new MapSqlParameterSource("service", service).addValue("keyId", sealed.keyId())
                .addValue("sealed", sealed.ciphertext());
    }
}
