package io.smsnotifier.worker.providers;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.templates.RenderedMessage;

import java.util.List;

/**
 * One message for one or more numbers with identical parameters.
 *
 * @param eventId     the event it answers (vendors get it, or the ledger id, as their out-id)
 * @param kind        the event kind ({@code approval.reached}, {@code login.code}, ...)
 * @param channel     SMS or voice
 * @param message     the filled template
 * @param phones      E.164 numbers
 * @param carriesCode true when the message holds a login code: adapters must not log its text
 */
public record OutgoingSms(String eventId, String kind, Channel channel, RenderedMessage message, List<String> phones,
                          boolean carriesCode) {

    public OutgoingSms {
        phones = List.copyOf(phones);
    }
}
