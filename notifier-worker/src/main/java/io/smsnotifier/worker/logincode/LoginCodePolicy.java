package io.smsnotifier.worker.logincode;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** One login code about to be sent. */
    public record Admission(String eventId, String phone) {
    }

    /**
     * Checks and, when allowed, counts the code for {@code eventId} to {@code phone} (E.164).
     *
     * @return null when the code may be sent
     */
    public @Nullable Refusal admit(String eventId, String phone) {
        return admit(List.of(new Admission(eventId, phone))).get(eventId);
    }

    /**
     * Checks and counts many codes in one transaction: the numbers' locks are taken in a fixed order, so two
     * workers admitting overlapping numbers wait for each other instead of deadlocking. Codes to the same number
     * count against each other in the order given.
     *
     * @return the refusals by event id; an event not in the map may be sent
     */
    public Map<String, Refusal> admit(List<Admission> admissions) {
        Map<String, Refusal> refusals = new HashMap<>();
        List<Admission> counted = new ArrayList<>();
        for (Admission admission : admissions) {
            // Parsing the number is the costly part; without an allowlist there is nothing to check.
            Integer country = properties.allowedCountryCodes().isEmpty() ? null : countryCode(admission.phone());
            if (!properties.allowedCountryCodes().isEmpty() && !properties.allowedCountryCodes().contains(country)) {
                refusals.put(admission.eventId(), new Refusal(false, "login codes do not go to country code +"
                        + country + " (notifier.login-code.allowed-country-codes)"));
            } else {
                counted.add(admission);
            }
        }
        if (counted.isEmpty()) {
            return refusals;
        }
        LoginCodeProperties.Limits limits = properties.limits();
        String[] phones = counted.stream().map(Admission::phone).distinct().sorted().toArray(String[]::new);
        String[] eventIds = counted.stream().map(Admission::eventId).toArray(String[]::new);
        transactions.executeWithoutResult(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("phones", phones).addValue("eventIds", eventIds);
            jdbc.queryForList("""
                    select pg_advisory_xact_lock(hashtextextended(p, 0))
                      from unnest(cast(:phones as text[])) as u(p)
                    """, params);
            // One read for both questions: which of these events were counted already, and each number's counts.
            Set<String> ours = new HashSet<>(List.of(eventIds));
            Set<String> alreadyCounted = new HashSet<>();
            Map<String, int[]> counts = new HashMap<>();
            jdbc.query("""
                    select event_id, phone, sent_at > now() - interval '1 minute' as last_minute,
                           sent_at > now() - interval '1 hour' as last_hour
                      from login_code_sends
                     where phone = any(cast(:phones as text[])) and sent_at > now() - interval '1 day'
                    """, params, rs -> {
                if (ours.contains(rs.getString("event_id"))) {
                    alreadyCounted.add(rs.getString("event_id"));
                }
                int[] count = counts.computeIfAbsent(rs.getString("phone"), phone -> new int[3]);
                count[0] += rs.getBoolean("last_minute") ? 1 : 0;
                count[1] += rs.getBoolean("last_hour") ? 1 : 0;
                count[2]++;
            });
            List<Admission> admitted = new ArrayList<>();
            for (Admission admission : counted) {
                if (alreadyCounted.contains(admission.eventId())) {
                    continue;
                }
                int[] count = counts.computeIfAbsent(admission.phone(), phone -> new int[3]);
                String exceeded = null;
                if (reached(count[0], limits.perMinute())) {
                    exceeded = limits.perMinute() + " per minute";
                } else if (reached(count[1], limits.perHour())) {
                    exceeded = limits.perHour() + " per hour";
                } else if (reached(count[2], limits.perDay())) {
                    exceeded = limits.perDay() + " per day";
                }
                if (exceeded != null) {
                    refusals.put(admission.eventId(), new Refusal(true,
                            "login-code limit of " + exceeded + " for this number reached"));
                } else {
                    count[0]++;
                    count[1]++;
                    count[2]++;
                    admitted.add(admission);
                }
            }
            if (!admitted.isEmpty()) {
                jdbc.update("""
                        insert into login_code_sends (event_id, phone)
                        select * from unnest(cast(:eventIds as text[]), cast(:phones as text[]))
                        on conflict (event_id) do nothing
                        """, new MapSqlParameterSource("eventIds",
                        admitted.stream().map(Admission::eventId).toArray(String[]::new))
                        .addValue("phones", admitted.stream().map(Admission::phone).toArray(String[]::new)));
            }
        });
        return refusals;
    }

    private static boolean reached(int count, int limit) {
        return limit > 0 && count >= limit;
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
