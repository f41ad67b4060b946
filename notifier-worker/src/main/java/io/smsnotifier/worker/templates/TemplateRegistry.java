package io.smsnotifier.worker.templates;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The templates known to the worker, by code: the ones configuration declares and the ones stored through the
 * admin API. Checks an event's parameters before anything is sent. Thread-safe: a message renders with the
 * templates in force when it started; {@link #apply} puts a new set in force for the next.
 */
@Component
public class TemplateRegistry {

    private static final Logger log = LoggerFactory.getLogger(TemplateRegistry.class);

    private final Map<String, SmsTemplate> configured;
    private volatile Map<String, SmsTemplate> templates;

    TemplateRegistry(TemplateProperties properties) {
        Map<String, SmsTemplate> byCode = new TreeMap<>();
        properties.templates().forEach((code, definition) -> byCode.put(code,
                new SmsTemplate(code, definition.content(), definition.params(), definition.codes(),
                        definition.loginCode())));
        this.configured = Collections.unmodifiableMap(byCode);
        this.templates = configured;
    }

    /**
     * Puts the configured templates together with {@code stored} in force. A stored template whose code
     * configuration declares is ignored: configuration wins.
     */
    public synchronized void apply(Collection<SmsTemplate> stored) {
        Map<String, SmsTemplate> byCode = new TreeMap<>();
        for (SmsTemplate template : stored) {
            if (configured.containsKey(template.code())) {
                log.warn("stored template {} is ignored: configuration declares a template of that code",
                        template.code());
            } else {
                byCode.put(template.code(), template);
            }
        }
        byCode.putAll(configured);
        this.templates = Collections.unmodifiableMap(byCode);
    }

    /** True when configuration ({@code notifier.templates.<code>}) declares {@code code}. */
    public boolean isConfigured(String code) {
        return configured.containsKey(code);
    }

    public @Nullable SmsTemplate find(String code) {
        return templates.get(code);
    }

    /** Every template in force, by code. */
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
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "unknown template '" + LogSafe.key(code)
                    + "': register it under notifier.templates or through /api/sms/templates");
        }
        List<String> missing = template.missingParams(params);
        if (!missing.isEmpty()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "template '" + code + "' is missing parameters " + missing);
        }
        return new RenderedMessage(template, template.orderedParams(params), template.render(params));
    }
}
