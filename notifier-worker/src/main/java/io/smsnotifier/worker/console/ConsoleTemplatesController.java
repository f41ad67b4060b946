package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.TemplateChanges;
import io.smsnotifier.worker.catalog.CatalogErrors;
import io.smsnotifier.worker.catalog.FieldErrors;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.providers.ServiceStatuses;
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
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's template pages: the list, one template (a form for a stored one, read-only for a configured one
 * or a viewer), add and delete with a confirmation step, and the live preview: the text with sample parameters
 * and what each service in force would refuse, rendered as the form is typed (htmx, nothing is sent or stored).
 */
@Controller
@RequestMapping("/console/templates")
class ConsoleTemplatesController {

    private static final Set<String> FIELDS = Set.of("code", "content", "params", "codes", "loginCode");

    private final CatalogViews catalog;
    private final TemplateChanges changes;
    private final TemplateRegistry templates;
    private final ServiceStatuses services;
    private final ObjectMapper json;
    private final MessageSource messages;

    ConsoleTemplatesController(CatalogViews catalog, TemplateChanges changes, TemplateRegistry templates, ServiceStatuses services, ObjectMapper json,
                               MessageSource messages) {
        this.catalog = catalog;
        this.changes = changes;
        this.templates = templates;
        this.services = services;
        this.json = json;
        this.messages = messages;
    }

    /**
     * What a template would send with the sample parameters.
     *
     * @param text     the text, with {@code ${name}} where the sample lacks a parameter
     * @param length   the text's length in characters (what vendors count)
     * @param missing  the parameters the sample lacks; a real event without them is refused
     * @param services per service in force: the code it is asked for and what it would refuse
     */
    record Preview(String text, int length, List<String> missing, List<ServiceStatuses.ServicePreview> services) {
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("templates", catalog.templates());
        return "console/templates";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        return form(model, ConsoleTemplateForm.blank(), null, Map.of(), List.of());
    }

    @PostMapping("/new")
    String create(@RequestParam MultiValueMap<String, String> posted, Authentication who, Model model,
                  RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        ConsoleTemplateForm form = ConsoleTemplateForm.from(posted);
        try {
            TemplateView created = changes.create(form.document(json), who.getName());
            redirect.addFlashAttribute("notice", new ConsoleServicesController.Notice("ok",
                    text("templates.notice.created", locale, created.code()), null));
            return "redirect:/console/templates/" + ConsoleServicesController.path(created.code());
        } catch (FieldErrors.InvalidDocument e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return invalid(model, form, null, e, posted);
        } catch (CatalogErrors.Conflict e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("notice", refused(e, locale));
            return form(model, form, null, Map.of(), List.of(), posted);
        }
    }

    @GetMapping("/{code}")
    String one(@PathVariable String code, Authentication who, Model model) {
        TemplateView template = find(code);
        if (ServiceView.DATABASE.equals(template.source()) && ConsoleServicesController.operator(who)) {
            return form(model, ConsoleTemplateForm.of(template), template, Map.of(), List.of());
        }
        model.addAttribute("template", template);
        SmsTemplate inForce = templates.find(code);
        if (inForce != null) {
            preview(model, inForce, Map.of(), String.join(", ", inForce.paramNames()));
        }
        return "console/templates-view";
    }

    @PostMapping("/{code}")
    String update(@PathVariable String code, @RequestParam MultiValueMap<String, String> posted,
                  Authentication who, Model model, RedirectAttributes redirect, HttpServletResponse response,
                  Locale locale) {
        TemplateView template = find(code);
        ConsoleTemplateForm form = ConsoleTemplateForm.from(posted);
        try {
            ObjectNode document = form.document(json);
            document.remove("code");
            changes.update(code, document, posted.getFirst("version"), who.getName());
            redirect.addFlashAttribute("notice", new ConsoleServicesController.Notice("ok",
                    text("templates.notice.saved", locale, code), null));
            return "redirect:/console/templates/" + ConsoleServicesController.path(code);
        } catch (FieldErrors.InvalidDocument e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return invalid(model, form, template, e, posted);
        } catch (CatalogErrors.Stale e) {
            response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
            model.addAttribute("notice", new ConsoleServicesController.Notice("bad",
                    text("templates.notice.stale", locale, code),
                    "/console/templates/" + ConsoleServicesController.path(code)));
            return form(model, form, template, Map.of(), List.of(), posted);
        } catch (CatalogErrors.Conflict | CatalogErrors.NotFound e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("notice", refused(e, locale));
            return form(model, form, template, Map.of(), List.of(), posted);
        }
    }

    /** The confirmation step before a delete. */
    @GetMapping("/{code}/delete")
    String confirmDelete(@PathVariable String code, Model model) {
        model.addAttribute("template", find(code));
        return "console/templates-delete";
    }

    @PostMapping("/{code}/delete")
    String delete(@PathVariable String code, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect, Locale locale) {
        try {
            changes.delete(code, version, who.getName());
            redirect.addFlashAttribute("notice", new ConsoleServicesController.Notice("ok",
                    text("templates.notice.deleted", locale, code), null));
            return "redirect:/console/templates";
        } catch (CatalogErrors.Stale e) {
            redirect.addFlashAttribute("notice", new ConsoleServicesController.Notice("bad",
                    text("templates.notice.stale", locale, code),
                    "/console/templates/" + ConsoleServicesController.path(code)));
        } catch (CatalogErrors.Conflict | CatalogErrors.NotFound e) {
            redirect.addFlashAttribute("notice", refused(e, locale));
        }
        return "redirect:/console/templates/" + ConsoleServicesController.path(code);
    }

    /**
     * The preview of what the form holds (or of the template in force named {@code code}, when no content is
     * given), with the sample parameters {@code sample.<name>}. A GET: it changes nothing, so viewers may use it.
     */
    @GetMapping("/-/preview")
    String preview(@RequestParam MultiValueMap<String, String> query, Model model) {
        preview(model, typed(query), ConsoleTemplateForm.samples(query), String.valueOf(query.getFirst("params")));
        return "console/templates-preview :: preview";
    }

    /** The sample inputs for the parameters the form names now, and (out of band) the preview. */
    @GetMapping("/-/samples")
    String samples(@RequestParam MultiValueMap<String, String> query, Model model) {
        preview(model, typed(query), ConsoleTemplateForm.samples(query), String.valueOf(query.getFirst("params")));
        return "console/templates-preview :: samples-and-preview";
    }

    private SmsTemplate typed(MultiValueMap<String, String> query) {
        if (query.containsKey("content")) {
            return ConsoleTemplateForm.from(query).toTemplate();
        }
        String code = query.getFirst("code");
        SmsTemplate template = code == null ? null : templates.find(code);
        if (template == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no template '" + code + "'");
        }
        return template;
    }

    private void preview(Model model, SmsTemplate template, Map<String, String> sample, String typedParams) {
        List<String> missing = template.missingParams(sample);
        Map<String, String> filled = new LinkedHashMap<>(template.orderedParams(sample));
        missing.forEach(name -> filled.put(name, "${" + name + "}"));
        Map<String, String> given = new LinkedHashMap<>(template.orderedParams(sample));
        given.values().removeIf(value -> value == null || value.isBlank());
        String text = template.render(filled);
        model.addAttribute("samples", ConsoleTemplateForm.sampleInputs(template, sample));
        model.addAttribute("typedParams", typedParams);
        model.addAttribute("preview", new Preview(text, text.codePointCount(0, text.length()), missing,
                services.preview(template, given)));
    }

    private String form(Model model, ConsoleTemplateForm form, @Nullable TemplateView template,
                        Map<String, String> errors, List<String> otherErrors) {
        return form(model, form, template, errors, otherErrors, null);
    }

    private String form(Model model, ConsoleTemplateForm form, @Nullable TemplateView template,
                        Map<String, String> errors, List<String> otherErrors,
                        @Nullable MultiValueMap<String, String> posted) {
        model.addAttribute("form", form);
        model.addAttribute("template", template);
        model.addAttribute("editing", template != null);
        model.addAttribute("errors", errors);
        model.addAttribute("otherErrors", otherErrors);
        preview(model, form.toTemplate(), posted == null ? Map.of() : ConsoleTemplateForm.samples(posted),
                form.params());
        return "console/templates-form";
    }

    private String invalid(Model model, ConsoleTemplateForm form, @Nullable TemplateView template,
                           FieldErrors.InvalidDocument e, MultiValueMap<String, String> posted) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> otherErrors = new ArrayList<>();
        for (FieldErrors.FieldError error : e.errors()) {
            if (FIELDS.contains(error.field())) {
                errors.putIfAbsent(error.field(), error.message());
            } else {
                otherErrors.add(error.field().isEmpty() ? error.message() : error.field() + " " + error.message());
            }
        }
        return form(model, form, template, errors, otherErrors, posted);
    }

    private TemplateView find(String code) {
        return catalog.template(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no template '" + code + "'"));
    }

    private ConsoleServicesController.Notice refused(RuntimeException e, Locale locale) {
        return new ConsoleServicesController.Notice("bad", text("templates.notice.refused", locale, e.getMessage()),
                null);
    }

    private String text(String key, Locale locale, @Nullable Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
