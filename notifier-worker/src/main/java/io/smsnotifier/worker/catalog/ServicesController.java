package io.smsnotifier.worker.catalog;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.delivery.TestSends;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/sms/services}: every service, configured (read-only) and stored; create, read, update (with the
 * version it was read at: {@code If-Match}, 412 when stale), enable, disable and delete stored ones; "Send Test
 * SMS" with a draft before it is saved; re-seal every secret under the current key. Secrets go in, never out.
 */
@RestController
class ServicesController {

    private final Catalog catalog;
    private final TestSends tests;
    private final TemplateRegistry templates;
    private final RecipientResolver resolver;

    ServicesController(Catalog catalog, TestSends tests, TemplateRegistry templates, RecipientResolver resolver) {
        this.catalog = catalog;
        this.tests = tests;
        this.templates = templates;
        this.resolver = resolver;
    }

    @GetMapping("/api/sms/services")
    List<ServiceView> list() {
        return catalog.services();
    }

    /** Whether this instance has the latest change in force: {@code inForce} equals {@code stored}. */
    @GetMapping("/api/sms/catalog")
    Catalog.Versions versions() {
        return catalog.versions();
    }

    @GetMapping("/api/sms/services/{name}")
    ResponseEntity<ServiceView> one(@PathVariable String name) {
        return catalog.service(name).map(view -> Versioned.ok(view, view.version()))
                .orElseThrow(() -> new CatalogErrors.NotFound("no service '" + name + "'"));
    }

    @PostMapping("/api/sms/services")
    ResponseEntity<ServiceView> create(@RequestBody(required = false) @Nullable JsonNode body, Principal who) {
        ServiceView created = catalog.createService(body, who.getName());
        return ResponseEntity.created(URI.create("/api/sms/services/" + created.name()))
                .eTag(String.valueOf(created.version())).body(created);
    }

    @PutMapping("/api/sms/services/{name}")
    ResponseEntity<ServiceView> update(@PathVariable String name,
                                       @RequestBody(required = false) @Nullable JsonNode body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                       Principal who) {
        ServiceView changed = catalog.updateService(name, body, ifMatch, who.getName());
        return Versioned.ok(changed, changed.version());
    }

    @PostMapping("/api/sms/services/{name}/enable")
    ResponseEntity<ServiceView> enable(@PathVariable String name,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                       Principal who) {
        ServiceView changed = catalog.setEnabled(name, true, ifMatch, who.getName());
        return Versioned.ok(changed, changed.version());
    }

    @PostMapping("/api/sms/services/{name}/disable")
    ResponseEntity<ServiceView> disable(@PathVariable String name,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                        Principal who) {
        ServiceView changed = catalog.setEnabled(name, false, ifMatch, who.getName());
        return Versioned.ok(changed, changed.version());
    }

    @DeleteMapping("/api/sms/services/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                Principal who) {
        catalog.deleteService(name, ifMatch, who.getName());
        return ResponseEntity.noContent().build();
    }

    /**
     * A test send with a draft.
     *
     * @param service the draft, as a create or update would take it
     */
    record DraftTest(@Nullable JsonNode service, @Nullable String phone, @Nullable String templateCode,
                     @Nullable Map<String, String> params) {
    }

    record TestResult(String service, String phone, String status, @Nullable String providerMessageId,
                      @Nullable String errorCode, @Nullable String providerErrorCode) {
    }

    /** "Send Test SMS" before "Save": one message through the draft alone, recorded as kind {@code api.test}. */
    @PostMapping("/api/sms/services/test")
    TestResult test(@RequestBody DraftTest body) {
        Catalog.Draft draft = catalog.draft(body.service());
        Recipient recipient = resolver.resolvePhone(body.phone());
        if (!recipient.reachable()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "phone: " + recipient.skipReason());
        }
        RenderedMessage message = body.templateCode() == null || body.templateCode().isBlank()
                ? TestSends.testMessage(draft.name())
                : templates.render(body.templateCode(), body.params() == null ? Map.of() : body.params());
        SmsDelivered outcome = tests.sendDraft(draft.name(), draft.service(), recipient, message);
        return new TestResult(draft.name(), outcome.phone(), outcome.status().name(), outcome.providerMessageId(),
                outcome.errorCode(), outcome.providerErrorCode());
    }

    record Resealed(int resealed) {
    }

    /**
     * Seals every stored secret that an older key sealed under {@code notifier.secrets.key}; refused (409) while a
     * live instance does not hold that key.
     */
    @PostMapping("/api/secrets/reseal")
    Resealed reseal(Principal who) {
        return new Resealed(catalog.reseal(who.getName()));
    }
}
