package io.smsnotifier.worker.logincode;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

/**
 * Decides whether a login code may go to a number: its country must be allowed, and the number must be under
 * its per-minute, per-hour and per-day limits. The count is kept in PostgreSQL under a per-number advisory lock,
 * so any number of worker instances together hold the limit. An event is counted once, however often it is
 * redelivered. Thread-safe.
 */
@Service
public class LoginCodePolicy {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LoginCodeProperties properties;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    LoginCodePolicy(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, LoginCodeProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** Why a code may not be sent, or null when it may. */
    public record Refusal(boolean rateLimited, String reason) {
    }

    /**
     * Checks and, when allowed, counts the code for {@code eventId} to {@code phone} (E.164).
     *
     * @return null when the code may be sent
     */
    public @Nullable Refusal admit(String eventId, String phone) {
        Integer country = countryCode(phone);
        if (!properties.allowedCountryCodes().isEmpty() && !properties.allowedCountryCodes().contains(country)) {
            return new Refusal(false, "login codes do not go to country code +" + country
                    + " (notifier.login-code.allowed-country-codes)");
        }
        LoginCodeProperties.Limits limits = properties.limits();
        return transactions.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("phone", phone).addValue("eventId", eventId);
            jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(:phone, 0))", params);
            Boolean counted = jdbc.queryForObject(
                    "select exists(select 1 from login_code_sends where event_id = :eventId)", params, Boolean.class);
            if (Boolean.TRUE.equals(counted)) {
                return null;
            }
            Map<String, Object> counts = jdbc.queryForMap("""
                    select count(*) filter (where sent_at > now() - interval '1 minute') as minute,
                           count(*) filter (where sent_at > now() - interval '1 hour') as hour,
                           count(*) as day
                      from login_code_sends
                     where phone = :phone and sent_at > now() - interval '1 day'
                    """, params);
            String exceeded = null;
            if (reached(counts.get("minute"), limits.perMinute())) {
                exceeded = limits.perMinute() + " per minute";
            } else if (reached(counts.get("hour"), limits.perHour())) {
                exceeded = limits.perHour() + " per hour";
            } else if (reached(counts.get("day"), limits.perDay())) {
                exceeded = limits.perDay() + " per day";
            }
            if (exceeded != null) {
                return new Refusal(true, "login-code limit of " + exceeded + " for this number reached");
            }
            jdbc.update("insert into login_code_sends (event_id, phone) values (:eventId, :phone)", params);
            return null;
        });
    }

    private static boolean reached(Object count, int limit) {
        return limit > 0 && ((Number) count).intValue() >= limit;
    }

    private @Nullable Integer countryCode(String phone) {
        try {
            return phones.parse(phone, null).getCountryCode();
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** Counts older than a day no longer matter. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldSends() {
        jdbc.update("delete from login_code_sends where sent_at < now() - interval '1 day'", Map.of());
    }
}
