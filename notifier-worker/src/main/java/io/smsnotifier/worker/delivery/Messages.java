package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The message a request asks for: its template filled in, or for a voice code without a template the code alone.
 * Approval notices always carry {@code processTitle} and {@code userNick} (intake puts them in), so a template
 * that does not take them is refused for every approval rather than sent without them. Thread-safe.
 */
@Component
class Messages {

    private static final SmsTemplate VOICE_CODE = new SmsTemplate("voice-code", "${code}", List.of("code"), Map.of());
    private static final List<String> APPROVAL_PARAMS = List.of("processTitle", "userNick");

    private final TemplateRegistry templates;

    Messages(TemplateRegistry templates) {
        this.templates = templates;
    }

    /** @throws PermanentDeliveryFailure when the template is unknown, a parameter is missing or not taken */
    RenderedMessage render(DeliveryRequest request) {
        if (request.channel() == Channel.VOICE && request.templateCode() == null) {
            return new RenderedMessage(VOICE_CODE, request.params(), VOICE_CODE.render(request.params()));
        }
        RenderedMessage message = templates.render(request.templateCode(), request.params());
        if (request.kind().equals(Topics.APPROVAL_REACHED) || request.kind().equals(Topics.APPROVAL_CC)) {
            List<String> notTaken = APPROVAL_PARAMS.stream()
                    .filter(name -> !message.template().requiredParams().contains(name)).toList();
            if (!notTaken.isEmpty()) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "template '"
                        + message.template().code() + "' does not take " + notTaken
                        + ", which every approval notice carries");
            }
        }
        return message;
    }
}
