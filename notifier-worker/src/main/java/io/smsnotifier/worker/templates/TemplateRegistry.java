package io.smsnotifier.worker.templates;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The templates known to the worker, by code. Checks an event's parameters before anything is sent.
 * Thread-safe.
 */
@Component
public class TemplateRegistry {

    private final Map<String, SmsTemplate> templates;

    TemplateRegistry(TemplateProperties properties) {
        Map<String, SmsTemplate> byCode = new TreeMap<>();
        properties.templates().forEach((code, definition) -> byCode.put(code,
                new SmsTemplate(code, definition.content(), definition.params(), definition.codes(),
                        definition.loginCode())));
        this.templates = Map.copyOf(byCode);
    }

    public @Nullable SmsTemplate find(String code) {
        return templates.get(code);
    }

    public Collection<SmsTemplate> all() {
        return templates.values();
    }

    /**
     * Fills template {@code code} with {@code params}.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the template is unknown or a parameter is missing;
     *                                  the reason names the template and every missing parameter
     */
    public RenderedMessage render(@Nullable String code, Map<String, String> params) {
        if (code == null || code.isBlank()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "templateCode is missing");
        }
        SmsTemplate template = templates.get(code);
        if (template == null) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "unknown template '" + code + "': register it under notifier.templates");
        }
        List<String> missing = template.missingParams(params);
        if (!missing.isEmpty()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "template '" + code + "' is missing parameters " + missing);
        }
        return new RenderedMessage(template, template.orderedParams(params), template.render(params));
    }
}
