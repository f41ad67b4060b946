package io.smsnotifier.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a login code travels: a text message, or a voice call (only through a webhook service). */
public enum Channel {
    SMS, VOICE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        for (Channel channel : values()) {
            if (channel.wireName().equalsIgnoreCase(value)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("channel must be \"sms\" or \"voice\", was \"" + value + "\"");
    }
}
