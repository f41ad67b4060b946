package io.smsnotifier.events;

/** Who started a process instance; {@code nick} is what templates show as {@code userNick}. */
public record Initiator(String memberId, String nick) {
}
