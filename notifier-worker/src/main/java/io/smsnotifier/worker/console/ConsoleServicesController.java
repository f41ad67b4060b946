package io.smsnotifier.worker.console;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.ServiceChanges;
import io.smsnotifier.worker.catalog.ServiceDocument;
import io.smsnotifier.worker.catalog.ServiceTests;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.catalog.CatalogErrors;
import io.smsnotifier.worker.catalog.FieldErrors;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.delivery.TestSends;
import io.smsnotifier.worker.failures.DeliveryFailure;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's SMS services pages: the list, one service (a form for a stored one, read-only for a configured
 * one or a viewer), add, "Send Test SMS" on what is typed (an htmx fragment), enable, disable and delete with a
 * confirmation step. Every change goes through {@link Catalog} as the admin API's do, so it is checked, audited and
 * put in force the same way; a change made meanwhile by someone else (the API's 412) asks for a reload.
 */
@Controller
@RequestMapping("/console/services")
class ConsoleServicesController {

    private final CatalogViews catalog;
    private final ServiceChanges changes;
    private final ServiceTests tests;
    private final ServiceTypes types;
    private final TemplateRegistry templates;
    private final ObjectMapper json;
    private final MessageSource messages;

    ConsoleServicesController(CatalogViews catalog, ServiceChanges changes, ServiceTests tests, ServiceTypes types,
                              TemplateRegistry templates, ObjectMapper json, MessageSource messages) {
        this.catalog = catalog;
        this.changes = changes;
        this.tests = tests;
        this.types = types;
        this.templates = templates;
        this.json = json;
        this.messages = messages;
    }

    /**
     * A message box above a page.
     *
     * @param kind   {@code ok} or {@code bad}, as the {@code notice} CSS class takes it
     * @param reload a link to offer for reloading the page (after a 412), or null
     */
    record Notice(String kind, String text, @Nullable String reload) {
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("services", catalog.services());
        return "console/services";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) @Nullable String type, Model model) {
        return form(model, ConsoleServiceForm.blank(type), null, Map.of(), List.of());
    }

    @PostMapping("/new")
    String create(@RequestParam MultiValueMap<String, String> posted, Authentication who, Model model,
                  RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        ConsoleServiceForm form = ConsoleServiceForm.from(posted);
        try {
            ServiceView created = changes.create(ServiceDocument.fromJson(ConsoleServiceForm.document(posted, json),
                    types), who.getName());
            redirect.addFlashAttribute("notice", new Notice("ok",
                    text("services.notice.created", locale, created.name()), null));
            return "redirect:/console/services/" + path(created.name());
        } catch (FieldErrors.InvalidDocument e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return invalid(model, form, null, e);
        } catch (CatalogErrors.Conflict | SecretsUnavailableException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("notice", new Notice("bad", text("services.notice.refused", locale,
                    e.getMessage()), null));
            return form(model, form, null, Map.of(), List.of());
        }
    }

    @GetMapping("/{name}")
    String one(@PathVariable String name, Authentication who, Model model) {
        ServiceView service = find(name);
        model.addAttribute("service", service);
        if (ServiceView.DATABASE.equals(service.source()) && operator(who)) {
            return form(model, ConsoleServiceForm.of(service), service, Map.of(), List.of());
        }
        return "console/services-view";
    }

    @PostMapping("/{name}")
    String update(@PathVariable String name, @RequestParam MultiValueMap<String, String> posted,
                  Authentication who, Model model, RedirectAttributes redirect, HttpServletResponse response,
                  Locale locale) {
        ServiceView service = find(name);
        ConsoleServiceForm form = ConsoleServiceForm.from(posted);
        try {
            ObjectNode document = ConsoleServiceForm.document(posted, json);
            document.remove("name");
            changes.update(name, ServiceDocument.fromJson(document, types), posted.getFirst("version"),
                    who.getName());
            redirect.addFlashAttribute("notice", new Notice("ok", text("services.notice.saved", locale, name),
                    null));
            return "redirect:/console/services/" + path(name);
        } catch (FieldErrors.InvalidDocument e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return invalid(model, form, service, e);
        } catch (CatalogErrors.Stale e) {
            response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
            model.addAttribute("notice", stale(name, locale));
            return form(model, form, service, Map.of(), List.of());
        } catch (CatalogErrors.Conflict | CatalogErrors.NotFound | SecretsUnavailableException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("notice", new Notice("bad", text("services.notice.refused", locale,
                    e.getMessage()), null));
            return form(model, form, service, Map.of(), List.of());
        }
    }

    @PostMapping("/{name}/enable")
    String enable(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect, Locale locale) {
        return setEnabled(name, true, version, who, redirect, locale);
    }

    @PostMapping("/{name}/disable")
    String disable(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                   Authentication who, RedirectAttributes redirect, Locale locale) {
        return setEnabled(name, false, version, who, redirect, locale);
    }

    private String setEnabled(String name, boolean enabled, @Nullable String version, Authentication who,
                              RedirectAttributes redirect, Locale locale) {
        try {
            changes.setEnabled(name, enabled, version, who.getName());
            redirect.addFlashAttribute("notice", new Notice("ok",
                    text(enabled ? "services.notice.enabled" : "services.notice.disabled", locale, name), null));
        } catch (CatalogErrors.Stale e) {
            redirect.addFlashAttribute("notice", stale(name, locale));
        } catch (CatalogErrors.Conflict | CatalogErrors.NotFound | SecretsUnavailableException e) {
            redirect.addFlashAttribute("notice", new Notice("bad", text("services.notice.refused", locale,
                    e.getMessage()), null));
        }
        return "redirect:/console/services/" + path(name);
    }

    /** The confirmation step before a delete. */
    @GetMapping("/{name}/delete")
    String confirmDelete(@PathVariable String name, Model model) {
        model.addAttribute("service", find(name));
        return "console/services-delete";
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect, Locale locale) {
        try {
            changes.delete(name, version, who.getName());
            redirect.addFlashAttribute("notice", new Notice("ok", text("services.notice.deleted", locale, name),
                    null));
            return "redirect:/console/services";
        } catch (CatalogErrors.Stale e) {
            redirect.addFlashAttribute("notice", stale(name, locale));
        } catch (CatalogErrors.Conflict | CatalogErrors.NotFound e) {
            redirect.addFlashAttribute("notice", new Notice("bad", text("services.notice.refused", locale,
                    e.getMessage()), null));
        }
        return "redirect:/console/services/" + path(name);
    }

    /**
     * "Send Test SMS" with what the form holds, before it is saved: an htmx fragment with the outcome, and the
     * field errors swapped in next to their fields (out of band), cleared where there are none.
     */
    @PostMapping("/-/test")
    String test(@RequestParam MultiValueMap<String, String> posted, Authentication who, Model model) {
        model.addAttribute("fields", ConsoleServiceForm.FIELDS);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> otherErrors = new ArrayList<>();
        model.addAttribute("errors", errors);
        model.addAttribute("otherErrors", otherErrors);
        try {
            SmsDelivered outcome = tests.send(ServiceDocument.fromJson(ConsoleServiceForm.document(posted, json),
                    types), posted.getFirst("testPhone"), posted.getFirst("testTemplate"),
                    ConsoleTemplateForm.lines(posted.getFirst("testParams")), who.getName());
            model.addAttribute("result", outcome);
        } catch (FieldErrors.InvalidDocument e) {
            place(e, errors, otherErrors);
            String phone = e.errors().stream().filter(error -> error.field().equals("phone"))
                    .map(FieldErrors.FieldError::message).findFirst().orElse(null);
            if (phone != null) {
                errors.put("testPhone", phone);
            }
        } catch (DeliveryFailure e) {
            model.addAttribute("failure", e);
        } catch (IllegalStateException | IllegalArgumentException | SecretsUnavailableException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/services-form :: test-result";
    }

    private String form(Model model, ConsoleServiceForm form, @Nullable ServiceView service,
                        Map<String, String> errors, List<String> otherErrors) {
        model.addAttribute("form", form);
        model.addAttribute("service", service);
        model.addAttribute("editing", service != null);
        model.addAttribute("errors", errors);
        model.addAttribute("otherErrors", otherErrors);
        model.addAttribute("types", ConsoleServiceForm.TYPES);
        model.addAttribute("headerRows", ConsoleServiceForm.HEADER_ROWS);
        model.addAttribute("templateCodes", templates.all().stream().map(SmsTemplate::code).sorted().toList());
        return "console/services-form";
    }

    private String invalid(Model model, ConsoleServiceForm form, @Nullable ServiceView service,
                           FieldErrors.InvalidDocument e) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> otherErrors = new ArrayList<>();
        place(e, errors, otherErrors);
        return form(model, form, service, errors, otherErrors);
    }

    /** Each field's error next to its field; those of fields the form does not have above it. */
    static void place(FieldErrors.InvalidDocument e, Map<String, String> errors, List<String> otherErrors) {
        for (FieldErrors.FieldError error : e.errors()) {
            if (ConsoleServiceForm.FIELDS.contains(error.field())) {
                errors.putIfAbsent(error.field(), error.message());
            } else {
                otherErrors.add(error.field().isEmpty() ? error.message() : error.field() + " " + error.message());
            }
        }
    }

    private ServiceView find(String name) {
        return catalog.service(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no service '" + name + "'"));
    }

    private Notice stale(String name, Locale locale) {
        return new Notice("bad", text("services.notice.stale", locale, name), "/console/services/" + path(name));
    }

    private String text(String key, Locale locale, @Nullable Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** Whether {@code who} may change things; the security chain refuses a viewer's POST whatever this says. */
    static boolean operator(Authentication who) {
        return who.getAuthorities().stream().anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
    }

    static String path(String name) {
        return UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
    }
}
