package io.smsnotifier.worker.logincode;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a login code may go to a number: its country must be allowed, and the number must be under
 * its per-minute, per-hour and per-day limits. The count is kept in PostgreSQL under a per-number advisory lock,
 * so any number of worker instances together hold the limit. A code is counted once per event, number and
 * channel, however often it is redelivered; reusing an event id for another number counts again. Thread-safe.
 */
@Service
public class LoginCodePolicy {

    private final NamedParameterJdbcTemplate jdbc;
    private final LoginCodeProperties properties;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    LoginCodePolicy(NamedParameterJdbcTemplate jdbc, LoginCodeProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Why a code may not be sent, or null when it may. */
    public record Refusal(boolean rateLimited, String reason) {
    }

    /**
     * One login code about to be sent.
     *
     * @param channel {@code sms} or {@code voice}: a redelivery is the same event, number and channel
     */
    public record Admission(String eventId, String phone, String channel) {

        public Admission(String eventId, String phone) {
            this(eventId, phone, "sms");
        }
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
        // One statement, hence one round trip and one transaction (see V11__login_code_count_per_number.sql).
        jdbc.query("""
                select refused_event_id, limit_reached
                  from admit_login_codes(cast(:eventIds as text[]), cast(:phones as text[]),
                                         cast(:channels as text[]), :perMinute, :perHour, :perDay)
                """, new MapSqlParameterSource("eventIds",
                        counted.stream().map(Admission::eventId).toArray(String[]::new))
                .addValue("phones", counted.stream().map(Admission::phone).toArray(String[]::new))
                .addValue("channels", counted.stream().map(Admission::channel).toArray(String[]::new))
                .addValue("perMinute", limits.perMinute()).addValue("perHour", limits.perHour())
                .addValue("perDay", limits.perDay()), rs -> {
            refusals.put(rs.getString("refused_event_id"), new Refusal(true,
                    "login-code limit of " + rs.getString("limit_reached") + " for this number reached"));
        });
        return refusals;
    }

    private @Nullable Integer countryCode(String phone) {
        try {
            return phones.parse(phone, null).getCountryCode();
        } catch (NumberParseException e) {
            return null;
        }
    }
}
