package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.FieldErrors;
import io.smsnotifier.worker.catalog.ServiceChanges;
import io.smsnotifier.worker.catalog.ServiceDocument;
import io.smsnotifier.worker.catalog.ServiceTests;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.receipts.ReceiptAddresses;
import io.smsnotifier.worker.failures.DeliveryFailure;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's SMS services pages: the list, one service (a form for a stored one, read-only for a configured
 * one or a viewer), add, "Send Test SMS" on what is typed (an htmx fragment), enable, disable and delete with a
 * confirmation step. Every change goes through the catalog as the admin API's do, so it is checked, audited and
 * put in force the same way; what the catalog refuses, {@link ConsoleNotices} shows.
 */
@Controller
@RequestMapping("/console/services")
class ConsoleServicesController implements CatalogPage {

    private static final String FORM = "console/services-form";

    private final CatalogViews catalog;
    private final ServiceChanges changes;
    private final ServiceTests tests;
    private final ServiceForms forms;
    private final ReceiptAddresses receipts;

    ConsoleServicesController(CatalogViews catalog, ServiceChanges changes, ServiceTests tests, ServiceForms forms,
                              ReceiptAddresses receipts) {
        this.catalog = catalog;
        this.changes = changes;
        this.tests = tests;
        this.forms = forms;
        this.receipts = receipts;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("services", catalog.services());
        return "console/services";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) @Nullable String type, Model model) {
        return form(model, ConsoleServiceForm.blank(forms.typeOrFirst(type)), null);
    }

    @PostMapping("/new")
    String create(@ModelAttribute("form") ConsoleServiceForm form, BindingResult binding, Authentication who,
                  RedirectAttributes redirect) throws BindException {
        ServiceView created = changes.create(read(form, binding), who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("services.notice.created", created.name()));
        return "redirect:" + page(created.name());
    }

    @GetMapping("/{name}")
    String one(@PathVariable String name, Authentication who, Model model) {
        ServiceView service = find(name);
        model.addAttribute("receiptUrl", receipts.url(name, service.type(), ConsoleModelAdvice.operator(who)));
        if (ServiceView.DATABASE.equals(service.source()) && ConsoleModelAdvice.operator(who)) {
            return form(model, ConsoleServiceForm.of(service, forms.settings(service.type())), service);
        }
        model.addAttribute("service", service);
        model.addAttribute("settings", forms.settings(service.type()));
        return "console/services-view";
    }

    @PostMapping("/{name}")
    String update(@PathVariable String name, @ModelAttribute("form") ConsoleServiceForm form, BindingResult binding,
                  Authentication who, RedirectAttributes redirect) throws BindException {
        changes.update(name, read(form, binding), form.getVersion(), who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("services.notice.saved", name));
        return "redirect:" + page(name);
    }

    @PostMapping("/{name}/enable")
    String enable(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect) {
        changes.setEnabled(name, true, version, who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("services.notice.enabled", name));
        return "redirect:" + page(name);
    }

    @PostMapping("/{name}/disable")
    String disable(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                   Authentication who, RedirectAttributes redirect) {
        changes.setEnabled(name, false, version, who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("services.notice.disabled", name));
        return "redirect:" + page(name);
    }

    /** The confirmation step before a delete. */
    @GetMapping("/{name}/delete")
    String confirmDelete(@PathVariable String name, Model model) {
        model.addAttribute("service", find(name));
        return "console/services-delete";
    }

    @PostMapping("/{name}/delete")
    String delete(@PathVariable String name, @RequestParam(required = false) @Nullable String version,
                  Authentication who, RedirectAttributes redirect) {
        changes.delete(name, version, who.getName());
        redirect.addFlashAttribute("notice", Notice.ok("services.notice.deleted", name));
        return "redirect:" + page(null);
    }

    /**
     * "Send Test SMS" with what the form holds, before it is saved: an htmx fragment with the outcome, and the
     * field errors swapped in next to their fields (out of band), cleared where there are none. Its refusals are
     * outcomes shown in the fragment (htmx swaps only a 2xx), not the page's notices.
     */
    @PostMapping("/-/test")
    String test(@ModelAttribute("form") ConsoleServiceForm form, BindingResult binding, Authentication who,
                Model model) {
        model.addAttribute("slots", forms.errorSlots());
        ServiceDocument draft = forms.document(form, binding);
        if (binding.hasErrors()) {
            return FORM + " :: test-result";
        }
        try {
            model.addAttribute("result", tests.send(draft, form.getTestPhone(), form.getTestTemplate(),
                    ConsoleTemplateForm.lines(form.getTestParams()), who.getName()));
        } catch (FieldErrors.InvalidDocument e) {
            ConsoleNotices.place(e, binding, forms::pathOf);
        } catch (DeliveryFailure e) {
            model.addAttribute("failure", e);
        } catch (IllegalStateException | IllegalArgumentException | SecretsUnavailableException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return FORM + " :: test-result";
    }

    @Override
    public String notices() {
        return "services";
    }

    @Override
    public String page(@Nullable String name) {
        return name == null ? "/console/services" : "/console/services/" + CatalogPage.segment(name);
    }

    @Override
    public @Nullable String pathOf(String field) {
        return forms.pathOf(field);
    }

    @Override
    public String showAgain(BindingResult posted, @Nullable String name, Model model) {
        ServiceView service = name == null ? null : catalog.service(name).orElse(null);
        return form(model, (ConsoleServiceForm) posted.getTarget(), service);
    }

    /** The form's document; a value it could not read is a field error, and nothing is asked of the catalog. */
    private ServiceDocument read(ConsoleServiceForm form, BindingResult binding) throws BindException {
        ServiceDocument document = forms.document(form, binding);
        if (binding.hasErrors()) {
            throw new BindException(binding);
        }
        return document;
    }

    private String form(Model model, ConsoleServiceForm form, @Nullable ServiceView service) {
        model.addAttribute("form", form);
        model.addAttribute("service", service);
        model.addAttribute("editing", service != null);
        model.addAttribute("types", forms.typeNames());
        model.addAttribute("groups", forms.groups());
        model.addAttribute("templateCodes", catalog.templates().stream().map(TemplateView::code).toList());
        return FORM;
    }

    private ServiceView find(String name) {
        return catalog.service(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no service '" + name + "'"));
    }
}
