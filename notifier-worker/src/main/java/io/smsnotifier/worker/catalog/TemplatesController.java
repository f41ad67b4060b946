package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceStatuses;
import jakarta.servlet.http.HttpServletResponse;
import io.smsnotifier.worker.templates.SmsTemplate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/sms/templates}: every template, configured (read-only) and stored; create, read, update (with
 * {@code If-Match}), delete stored ones; preview any with sample parameters, with what each service would refuse.
 */
@RestController
class TemplatesController {

    private final CatalogViews views;
    private final TemplateChanges changes;
    private final TemplateRegistry templates;
    private final ServiceStatuses services;
    private final TemplateReviewPoller reviews;

    TemplatesController(CatalogViews views, TemplateChanges changes, TemplateRegistry templates,
                        ServiceStatuses services, TemplateReviewPoller reviews) {
        this.reviews = reviews;
        this.views = views;
        this.changes = changes;
        this.templates = templates;
        this.services = services;
    }

    @GetMapping("/api/sms/templates")
    List<TemplateView> list() {
        return views.templates();
    }

    @GetMapping("/api/sms/templates/{code}")
    TemplateView one(@PathVariable String code, HttpServletResponse response) {
        return views.template(code).map(view -> Versioned.tagged(view, view.version(), response))
                .orElseThrow(() -> new CatalogErrors.NotFound("no template '" + code + "'"));
    }

    /**
     * Asks the vendors about every template now (within the poll's budget) rather than at the next poll, for an
     * operator who knows a review just ended; answers every template with its reviews. Changes no template.
     */
    @PostMapping("/api/sms/templates/reviews/refresh")
    List<TemplateView> refreshReviews() {
        reviews.refresh();
        return views.templates();
    }

    @PostMapping("/api/sms/templates")
    ResponseEntity<TemplateView> create(@RequestBody(required = false) @Nullable JsonNode body, Principal who) {
        TemplateView created = changes.create(body, who.getName());
        return ResponseEntity.created(URI.create("/api/sms/templates/" + created.code()))
                .eTag(String.valueOf(created.version())).body(created);
    }

    @PutMapping("/api/sms/templates/{code}")
    TemplateView update(@PathVariable String code,
                                        @RequestBody(required = false) @Nullable JsonNode body,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                        Principal who, HttpServletResponse response) {
        TemplateView changed = changes.update(code, body, ifMatch, who.getName());
        return Versioned.tagged(changed, changed.version(), response);
    }

    @DeleteMapping("/api/sms/templates/{code}")
    ResponseEntity<Void> delete(@PathVariable String code,
                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                       @Nullable String ifMatch,
                                Principal who) {
        changes.delete(code, ifMatch, who.getName());
        return ResponseEntity.noContent().build();
    }

    record PreviewRequest(@Nullable Map<String, String> params) {
    }

    /**
     * @param missing  parameters the sample left out (shown as {@code ${name}} in the text); a real event
     *                 without them is refused
     * @param services per enabled service: the code it is asked for and what it would refuse
     */
    record Preview(String code, String text, Map<String, String> params, List<String> missing,
                   List<ServiceStatuses.ServicePreview> services) {
    }

    /** Renders a template with sample parameters; nothing is sent. */
    @PostMapping("/api/sms/templates/{code}/preview")
    Preview preview(@PathVariable String code, @RequestBody(required = false) @Nullable PreviewRequest body) {
        SmsTemplate template = templates.find(code);
        if (template == null) {
            throw new CatalogErrors.NotFound("no template '" + code + "'");
        }
        Map<String, String> sample = body == null || body.params() == null ? Map.of() : body.params();
        List<String> missing = template.missingParams(sample);
        Map<String, String> filled = new LinkedHashMap<>(template.orderedParams(sample));
        missing.forEach(name -> filled.put(name, "${" + name + "}"));
        Map<String, String> given = new LinkedHashMap<>(template.orderedParams(sample));
        given.values().removeIf(value -> value == null);
        return new Preview(code, template.render(filled), given, missing, services.preview(template, given));
    }
}
