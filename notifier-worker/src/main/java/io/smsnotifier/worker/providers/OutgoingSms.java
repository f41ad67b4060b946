package io.smsnotifier.worker.providers;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.templates.RenderedMessage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message for one or more numbers with identical parameters.
 *
 * @param eventId     the event it answers
 * @param kind        the event kind ({@code approval.reached}, {@code login.code}, ...)
 * @param channel     SMS or voice
 * @param message     the filled template
 * @param phones      E.164 numbers
 * @param ledgerIds   each number's ledger row; vendors that keep an out-id get the lowest of a request's rows
 */
public record OutgoingSms(String eventId, String kind, Channel channel, RenderedMessage message, List<String> phones,
                          Map<String, Long> ledgerIds) {

    public OutgoingSms {
        phones = List.copyOf(phones);
        ledgerIds = Map.copyOf(ledgerIds);
    }

    /** The same message for a subset of the numbers. */
    public OutgoingSms withPhones(List<String> subset) {
        return new OutgoingSms(eventId, kind, channel, message, subset, ledgerIds);
    }

    /** The out-id for a request carrying these numbers: the lowest ledger id, or the event id without ledger. */
    public String outId() {
        return phones.stream().map(ledgerIds::get).filter(Objects::nonNull).min(Long::compare)
                .map(String::valueOf).orElse(eventId);
    }

    @Override
    public String toString() {
        return "OutgoingSms[eventId=" + eventId + ", kind=" + kind + ", channel=" + channel + ", template="
                + message.template().code() + ", numbers=" + phones.size() + "]";
    }
}
