package io.smsnotifier.worker.catalog;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.receipts.ReceiptAddresses;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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

    private final CatalogViews views;
    private final ServiceChanges changes;
    private final ServiceTests tests;
    private final CatalogLoader loader;
    private final Resealing resealing;
    private final ServiceTypes types;
    private final ReceiptAddresses receipts;
    private final AuditLog audit;

    ServicesController(CatalogViews views, ServiceChanges changes, ServiceTests tests, CatalogLoader loader,
                       Resealing resealing, ServiceTypes types, ReceiptAddresses receipts, AuditLog audit) {
        this.views = views;
        this.changes = changes;
        this.tests = tests;
        this.loader = loader;
        this.resealing = resealing;
        this.types = types;
        this.receipts = receipts;
        this.audit = audit;
    }

    @GetMapping("/api/sms/services")
    List<ServiceView> list() {
        return views.services();
    }

    /** Whether this instance has the latest change in force: {@code inForce} equals {@code stored}. */
    @GetMapping("/api/sms/catalog")
    CatalogLoader.Versions versions() {
        return loader.versions();
    }

    @GetMapping("/api/sms/services/{name}")
    ServiceView one(@PathVariable String name, HttpServletResponse response, Authentication who) {
        return views.service(name).map(view -> Versioned.tagged(view, view.version(), response))
                .map(view -> view.withReceiptUrl(receipts.url(name, view.type(), operator(who))))
                .orElseThrow(() -> new CatalogErrors.NotFound("no service '" + name + "'"));
    }

    /** A new receipt secret for a service that takes receipts: the old address stops working at once. Audited. */
    @PostMapping("/api/sms/services/{name}/receipt-secret")
    ReceiptAddress rotateReceiptSecret(@PathVariable String name, Authentication who) {
        ServiceView view = views.service(name)
                .orElseThrow(() -> new CatalogErrors.NotFound("no service '" + name + "'"));
        if (!receipts.takesReceipts(view.type())) {
            throw new CatalogErrors.NotFound("service '" + name + "' (" + view.type() + ") takes no receipts");
        }
        String url = receipts.rotate(name, view.type());
        audit.record(who.getName(), "service.receipt-secret", "service:" + name, Map.of("receiptSecret", "rotated"));
        return new ReceiptAddress(name, url);
    }

    record ReceiptAddress(String service, String receiptUrl) {
    }

    private static boolean operator(Authentication who) {
        return who.getAuthorities().stream().anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
    }

    @PostMapping("/api/sms/services")
    ResponseEntity<ServiceView> create(@RequestBody(required = false) @Nullable JsonNode body, Principal who) {
        ServiceView created = changes.create(document(body), who.getName());
        return ResponseEntity.created(URI.create("/api/sms/services/" + created.name()))
                .eTag(String.valueOf(created.version())).body(created);
    }

    @PutMapping("/api/sms/services/{name}")
    ServiceView update(@PathVariable String name,
                                       @RequestBody(required = false) @Nullable JsonNode body,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                       Principal who, HttpServletResponse response) {
        ServiceView changed = changes.update(name, document(body), ifMatch, who.getName());
        return Versioned.tagged(changed, changed.version(), response);
    }

    @PostMapping("/api/sms/services/{name}/enable")
    ServiceView enable(@PathVariable String name,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                       Principal who, HttpServletResponse response) {
        ServiceView changed = changes.setEnabled(name, true, ifMatch, who.getName());
        return Versioned.tagged(changed, changed.version(), response);
    }

    @PostMapping("/api/sms/services/{name}/disable")
    ServiceView disable(@PathVariable String name,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                        @Nullable String ifMatch,
                                        Principal who, HttpServletResponse response) {
        ServiceView changed = changes.setEnabled(name, false, ifMatch, who.getName());
        return Versioned.tagged(changed, changed.version(), response);
    }

    @DeleteMapping("/api/sms/services/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                @Nullable String ifMatch,
                                Principal who) {
        changes.delete(name, ifMatch, who.getName());
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
    TestResult test(@RequestBody DraftTest body, Principal who) {
        SmsDelivered outcome = tests.send(document(body.service()), body.phone(), body.templateCode(),
                body.params() == null ? Map.of() : body.params(), who.getName());
        return new TestResult(outcome.service(), outcome.phone(), outcome.status().name(),
                outcome.providerMessageId(), outcome.errorCode(), outcome.providerErrorCode());
    }

    record Resealed(int resealed) {
    }

    /**
     * Seals every stored secret that an older key sealed under {@code notifier.secrets.key}; refused (409) while a
     * live instance does not hold that key.
     */
    @PostMapping("/api/secrets/reseal")
    Resealed reseal(Principal who) {
        return new Resealed(resealing.reseal(who.getName()));
    }

    private ServiceDocument document(@Nullable JsonNode body) {
        return ServiceDocument.fromJson(body, types);
    }
}
