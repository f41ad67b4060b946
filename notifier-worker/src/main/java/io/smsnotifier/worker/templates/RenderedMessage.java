package io.smsnotifier.worker.templates;

import java.util.Map;

/**
 * A template filled for one event: the same for every recipient, so vendors can take the numbers in one request.
 *
 * @param template the template
 * @param params   the template's parameters in declared order
 * @param text     the rendered text (for webhooks and the sandbox); it may contain a login code: never log it
 */
public record RenderedMessage(SmsTemplate template, Map<String, String> params, String text) {

    @Override
    public String toString() {
        return "RenderedMessage[template=" + template.code() + ", params=" + params.keySet() + "]";
    }
}
