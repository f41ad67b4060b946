package io.smsnotifier.events;

import java.time.Instant;

/**
 * A login service wants a one-time {@code code} delivered to one {@code phone}, by SMS or voice, before
 * {@code expiresAt} or not at all. {@link #toString()} never shows the code or the whole number.
 */
public record LoginCodeRequested(String eventId, Instant occurredAt, String phone, String code, Instant expiresAt,
                                 Channel channel, String smsService, String templateCode) implements NotifierEvent {

    public LoginCodeRequested {
        channel = channel == null ? Channel.SMS : channel;
    }

    @Override
    public String defaultTopic() {
        return Topics.LOGIN_CODE;
    }

    /** The same request with the code removed: what may be kept where codes must not be (dead letters). */
    public LoginCodeRequested withoutCode() {
        return new LoginCodeRequested(eventId, occurredAt, phone, null, expiresAt, channel, smsService, templateCode);
    }

    @Override
    public String toString() {
        return "LoginCodeRequested[eventId=" + eventId + ", phone=" + PhoneMask.mask(phone)
                + ", code=" + (code == null ? "null" : "******") + ", expiresAt=" + expiresAt + ", channel=" + channel
                + ", smsService=" + smsService + ", templateCode=" + templateCode + "]";
    }
}
