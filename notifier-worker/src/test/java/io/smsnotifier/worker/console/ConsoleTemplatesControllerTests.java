package io.smsnotifier.worker.console;

import io.smsnotifier.worker.admin.AdminTokens;
import io.smsnotifier.worker.catalog.CatalogRefusals;
import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.catalog.TemplateChanges;
import io.smsnotifier.worker.catalog.TemplateDocument;
import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.providers.ServiceStatuses;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.smsnotifier.worker.console.ConsoleSlice.operator;
import static io.smsnotifier.worker.console.ConsoleSlice.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The template pages without the browser: the form bound into the catalog's document, the catalog's field
 * errors next to their fields, someone else's change answered 412 with a reload link, and the preview bound
 * from its sample parameters for a viewer too. The catalog is mocked; the console's security chain is the real
 * one.
 */
@WebMvcTest(controllers = ConsoleTemplatesController.class)
@Import(ConsoleSlice.class)
class ConsoleTemplatesControllerTests {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CatalogViews catalog;
    @MockitoBean
    TemplateChanges changes;
    @MockitoBean
    TemplateRegistry templates;
    @MockitoBean
    ServiceStatuses services;
    @MockitoBean
    AdminTokens tokens;

    private static TemplateView stored(String code) {
        return new TemplateView(code, ServiceView.DATABASE, 1L, "Bye ${name}", List.of("name"), Map.of(), false,
                null, null);
    }

    @Test
    void aNewTemplateIsBoundFromTheFormAndSavedThroughTheCatalog() throws Exception {
        when(changes.create(any(TemplateDocument.class), eq("ops"))).thenReturn(stored("T_1"));

        mvc.perform(post("/console/templates/new").with(operator()).with(csrf())
                        .param("code", "T_1").param("content", "Hi ${who}\r\nbye").param("params", "who")
                        .param("codes", "ali=SMS_1").param("loginCode", "true").param("sample[who]", "Ann"))
                .andExpect(redirectedUrl("/console/templates/T_1"))
                .andExpect(flash().attribute("notice", Notice.ok("templates.notice.created", "T_1")));

        verify(changes).create(new TemplateDocument("T_1", "Hi ${who}\nbye", List.of("who"), Map.of("ali", "SMS_1"),
                true, null), "ops");
    }

    @Test
    void theCatalogsFieldErrorsShowNextToTheirFieldsWith400AndWhatWasTypedStays() throws Exception {
        when(changes.create(any(TemplateDocument.class), anyString())).thenThrow(CatalogRefusals.invalid(
                "content", "uses placeholders [x] that params does not declare"));

        String page = mvc.perform(post("/console/templates/new").with(operator()).with(csrf())
                        .param("code", "T_2").param("content", "Hi ${x}"))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("<span class=\"error\" id=\"error-content\">uses placeholders [x] that params "
                + "does not declare</span>", ">Hi ${x}</textarea>", "id=\"fields-invalid\"");
    }

    @Test
    void aChangeSomeoneMadeMeanwhileShowsTheFormAgainWith412AndALinkThatReloads() throws Exception {
        when(catalog.template("T_1")).thenReturn(Optional.of(stored("T_1")));
        when(changes.update(eq("T_1"), any(TemplateDocument.class), eq("1"), anyString()))
                .thenThrow(CatalogRefusals.stale("template 'T_1'"));

        String page = mvc.perform(post("/console/templates/T_1").with(operator()).with(csrf())
                        .param("code", "T_1").param("content", "Bye now ${name}").param("params", "name")
                        .param("version", "1"))
                .andExpect(status().isPreconditionFailed())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Someone changed template T_1", "id=\"reload\" href=\"/console/templates/T_1\"",
                ">Bye now ${name}</textarea>");
    }

    @Test
    void aViewerPreviewsWithTheSampleParametersTheFormBinds() throws Exception {
        String preview = mvc.perform(get("/console/templates/-/preview").with(viewer())
                        .param("content", "Hi ${who}").param("params", "who").param("sample[who]", "Ann"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(preview).contains("<pre class=\"mono\" id=\"preview-text\">Hi Ann</pre>");
        mvc.perform(post("/console/templates/T_1/delete").with(viewer()).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void eachServicesReviewShowsNextToTheTemplateWithTheVendorsReasonEscaped() throws Exception {
        TemplateView view = stored("T_1").withReviews(List.of(
                new TemplateView.Review("aliyun-main", "REJECTED", "<b>not allowed</b>",
                        Instant.parse("2026-12-01T08:00:00Z")),
                new TemplateView.Review("tencent-main", "APPROVED", null, Instant.parse("2026-12-01T08:00:00Z"))));
        when(catalog.template("T_1")).thenReturn(Optional.of(view));
        when(catalog.templates()).thenReturn(List.of(view));

        String page = mvc.perform(get("/console/templates/T_1").with(viewer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String form = mvc.perform(get("/console/templates/T_1").with(operator()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String list = mvc.perform(get("/console/templates").with(viewer()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        for (String shown : List.of(page, form, list)) {
            assertThat(shown).contains("data-service=\"aliyun-main\" data-status=\"REJECTED\"",
                    "<span class=\"badge bad\">Rejected</span>",
                    "<span class=\"review-reason\">&lt;b&gt;not allowed&lt;/b&gt;</span>",
                    "data-service=\"tencent-main\" data-status=\"APPROVED\"",
                    "<span class=\"badge ok\">Approved</span>").doesNotContain("<b>not allowed</b>");
        }
    }
}
