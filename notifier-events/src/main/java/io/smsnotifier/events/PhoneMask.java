package io.smsnotifier.events;

/**
 * Masks phone numbers for logs and outcome events: keeps the first three digits after any {@code +} and country
 * prefix visible as the operator sees them ({@code +86139****9000}, {@code 138****8000}) and the last four.
 */
public final class PhoneMask {

    private PhoneMask() {
    }

    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        int length = phone.length();
        if (length <= 4) {
            return "****";
        }
        int visibleTail = 4;
        int visibleHead = Math.min(phone.startsWith("+") ? 6 : 3, Math.max(0, length - visibleTail - 4));
        return phone.substring(0, visibleHead) + "****" + phone.substring(length - visibleTail);
    }
}
