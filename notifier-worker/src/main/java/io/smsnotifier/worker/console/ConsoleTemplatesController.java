package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.catalog.TemplateChanges;
import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.providers.ServiceStatuses;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's template pages: the list, one template (a form for a stored one, read-only for a configured one
 * or a viewer), add and delete with a confirmation step, and the live preview: the text with sample parameters
 * and what each service in force would refuse, rendered as the form is typed (htmx, nothing is sent or stored).
 * What the catalog refuses, {@link ConsoleNotices} shows.
 */
@Controller
@RequestMapping("/console/templates")
class ConsoleTemplatesController implements CatalogPage {

    private static final String FORM = "console/templates-form";
    private static final Set<String> FIELDS = Set.of("code", "content", "params", "codes", "loginCode");

    private final CatalogViews catalog;
    private final TemplateChanges changes;
    private final TemplateRegistry templates;
    private final ServiceStatuses services;

    ConsoleTemplatesController(CatalogViews catalog, TemplateChanges changes, TemplateRegistry templates,
                               ServiceStatuses services) {
        this.catalog = catalog;
        this.changes = changes;
        this.templates = templates;
        this.services = services;
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
        return form(model, new ConsoleTemplateForm(), null);
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") ConsoleTemplateForm form, Authentication who,
                  RedirectAttributes redirect) {
        TemplateView created = changes.create(form.document(), who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("templates.notice.created", created.code()));
        return "redirect:" + page(created.code());
    }

    @GetMapping("/{code}")
    String one(@PathVariable String code, Authentication who, Model model) {
        TemplateView template = find(code);
        if (ServiceView.DATABASE.equals(template.source()) && ConsoleModelAdvice.operator(who)) {
            return form(model, ConsoleTemplateForm.of(template), template);
        }
        model.addAttribute("template", template);
        SmsTemplate inForce = templates.find(code);
        if (inForce != null) {
            preview(model, inForce, Map.of(), String.join(", ", inForce.paramNames()));
        }
        return "console/templates-view";
    }

    @PostMapping("/{code}")
    String update(@PathVariable String code, @ModelAttribute("form") ConsoleTemplateForm form, Authentication who,
                  RedirectAttributes redirect) {
        changes.update(code, form.document(), form.getVersion(), who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("templates.notice.saved", code));
        return "redirect:" + page(code);
    }

    /** The confirmation step before a delete. */
    @GetMapping("/{code}/delete")
    String confirmDelete(@PathVariable String code, Model model) {
        model.addAttribute("template", find(code));
        return "console/templates-delete";
    }

    @PostMapping("/{code}/delete")
    String delete(@PathVariable String code, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect) {
        changes.delete(code, version, who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("templates.notice.deleted", code));
        return "redirect:" + page(null);
    }

    /**
     * The preview of what the form holds (or of the template in force named {@code code}, when no content is
     * given), with the sample parameters {@code sample[<name>]}. A GET: it changes nothing, so viewers may use it.
     */
    @GetMapping("/-/preview")
    String preview(@ModelAttribute("form") ConsoleTemplateForm form, Model model) {
        preview(model, typed(form), form.getSample(), form.getParams());
        return "console/templates-preview :: preview";
    }

    /** The sample inputs for the parameters the form names now, and (out of band) the preview. */
    @GetMapping("/-/samples")
    String samples(@ModelAttribute("form") ConsoleTemplateForm form, Model model) {
        preview(model, typed(form), form.getSample(), form.getParams());
        return "console/templates-preview :: samples-and-preview";
    }

    @Override
    public String notices() {
        return "templates";
    }

    @Override
    public String page(@Nullable String code) {
        return code == null ? "/console/templates" : "/console/templates/" + CatalogPage.segment(code);
    }

    @Override
    public @Nullable String pathOf(String field) {
        return FIELDS.contains(field) ? field : null;
    }

    @Override
    public String showAgain(BindingResult posted, @Nullable String code, Model model) {
        TemplateView template = code == null ? null : catalog.template(code).orElse(null);
        return form(model, (ConsoleTemplateForm) posted.getTarget(), template);
    }

    private SmsTemplate typed(ConsoleTemplateForm form) {
        if (form.getContent() != null) {
            return form.toTemplate();
        }
        String code = form.getCode();
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

    private String form(Model model, ConsoleTemplateForm form, @Nullable TemplateView template) {
        model.addAttribute("form", form);
        model.addAttribute("template", template);
        model.addAttribute("editing", template != null);
        preview(model, form.toTemplate(), form.getSample(), form.getParams());
        return FORM;
    }

    private TemplateView find(String code) {
        return catalog.template(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no template '" + code + "'"));
    }
}
