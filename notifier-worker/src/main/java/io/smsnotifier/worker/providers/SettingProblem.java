package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of a service that is wrong, named as in the admin API's JSON (camelCase, {@code accessKey}) so that
 * a caller can put the message next to the field.
 */
public record SettingProblem(String field, String message) {

    /** {@code notifier.sms.services.<name>.<kebab-key>} at the start of a factory's message. */
    private static final Pattern PROPERTY =
            Pattern.compile("notifier\\.sms\\.services\\.[^.\\s:]+\\.([a-z-]+)[:]?\\s*");

    /** The problem a factory's start-up message describes, its property turned into the field it names. */
    static SettingProblem of(String name, @Nullable String message) {
        String text = message == null ? "is not valid" : message;
        Matcher property = PROPERTY.matcher(text);
        if (!property.find()) {
            return new SettingProblem("type", text);
        }
        String rest = (text.substring(0, property.start()) + text.substring(property.end())).strip();
        return new SettingProblem(camelCase(property.group(1)), rest.isEmpty() ? "is not valid" : rest);
    }

    static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    @Override
    public String toString() {
        return field + " " + message.toLowerCase(Locale.ROOT);
    }
}
