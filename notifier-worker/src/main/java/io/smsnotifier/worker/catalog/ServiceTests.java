package io.smsnotifier.worker.catalog;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.delivery.TestSends;
import io.smsnotifier.worker.failures.DeliveryFailure;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.Map;

/**
 * "Send Test SMS" with a draft before it is saved, for the admin API and the console alike: the draft checked
 * as saving it would check it ({@link ServiceChanges#draft}: a stored secret goes only where it was stored for),
 * one message through it alone ({@link TestSends}: the number's limits, a ledger row, an outcome, an audit entry
 * whatever happened). Thread-safe.
 */
@Service
public class ServiceTests {

    private final ServiceChanges changes;
    private final TestSends tests;
    private final RecipientResolver resolver;
    private final TemplateRegistry templates;

    ServiceTests(ServiceChanges changes, TestSends tests, RecipientResolver resolver, TemplateRegistry templates) {
        this.changes = changes;
        this.tests = tests;
        this.resolver = resolver;
        this.templates = templates;
    }

    /**
     * One test message.
     *
     * @param templateCode a template to send, or null for the built-in test message
     * @throws FieldErrors.InvalidDocument naming the draft's fields that are wrong, or {@code phone}
     * @throws DeliveryFailure             when the message could not be sent (the service refused it, no answer)
     */
    public SmsDelivered send(ServiceDocument draft, @Nullable String phone, @Nullable String templateCode,
                             Map<String, String> params, String actor) {
        ServiceChanges.Draft checked = changes.draft(draft);
        Recipient recipient = resolver.resolvePhone(phone);
        if (!recipient.reachable()) {
            FieldErrors errors = new FieldErrors();
            errors.add("phone", String.valueOf(recipient.skipReason()));
            errors.throwIfAny("the test");
        }
        RenderedMessage message = templateCode == null || templateCode.isBlank()
                ? TestSends.testMessage(checked.name()) : templates.render(templateCode, params);
        return tests.sendDraft(checked.name(), checked.definition(), recipient, message, actor);
    }
}
