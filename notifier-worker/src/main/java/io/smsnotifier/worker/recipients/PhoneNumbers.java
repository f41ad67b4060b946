package io.smsnotifier.worker.recipients;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Normalises numbers as people write them ({@code 138 0013 8000}, {@code 86-138...}, {@code +86...}) to E.164
 * with libphonenumber. Thread-safe.
 */
@Component
public class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    PhoneNumbers(PhoneProperties properties) {
        String defaultRegion = properties.defaultRegion();
        if (!util.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("notifier.phone.default-region '" + defaultRegion
                    + "' is not a region libphonenumber knows");
        }
        this.defaultRegion = defaultRegion;
    }

    /** The outcome of normalising one number: the E.164 form, or why there is none. */
    public record Normalised(@Nullable String e164, @Nullable String problem) {

        public boolean valid() {
            return e164 != null;
        }
    }

    public Normalised normalise(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return new Normalised(null, "no phone number");
        }
        try {
            PhoneNumber number = util.parse(withPlusForCountryPrefix(raw.strip()), defaultRegion);
            if (!util.isValidNumber(number)) {
                return new Normalised(null, "invalid phone number");
            }
            return new Normalised(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null);
        } catch (NumberParseException e) {
            return new Normalised(null, "invalid phone number");
        }
    }

    /**
     * {@code 8613800138000} is how many systems store a mainland number with its country code but no plus; read
     * as a national number it is invalid, so try it as international when the default region's code leads.
     */
    private String withPlusForCountryPrefix(String raw) {
        String digits = raw.replaceAll("[\\s\\-()]", "");
        String countryCode = String.valueOf(util.getCountryCodeForRegion(defaultRegion));
        if (digits.matches("\\d+") && digits.startsWith(countryCode)) {
            try {
                PhoneNumber national = util.parse(digits, defaultRegion);
                if (!util.isValidNumber(national)) {
                    return "+" + digits;
                }
            } catch (NumberParseException ignored) {
                return "+" + digits;
            }
        }
        return raw;
    }
}
