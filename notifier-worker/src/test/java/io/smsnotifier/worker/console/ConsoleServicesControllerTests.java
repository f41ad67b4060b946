package io.smsnotifier.worker.console;

import io.smsnotifier.worker.admin.AdminTokens;
import io.smsnotifier.worker.catalog.CatalogRefusals;
import io.smsnotifier.worker.catalog.CatalogViews;
import io.smsnotifier.worker.catalog.ServiceChanges;
import io.smsnotifier.worker.catalog.ServiceDocument;
import io.smsnotifier.worker.catalog.ServiceTests;
import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import io.smsnotifier.worker.receipts.ReceiptAddresses;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.smsnotifier.worker.console.ConsoleSlice.operator;
import static io.smsnotifier.worker.console.ConsoleSlice.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The services pages without the browser: the form bound through the adapters' settings, each error next to
 * its field, the catalog's refusals as the page's notice under the API's statuses, the test send's fragment, and
 * what a viewer may do. The catalog is mocked; the console's security chain is the real one.
 */
@WebMvcTest(controllers = ConsoleServicesController.class)
@Import(ConsoleSlice.class)
class ConsoleServicesControllerTests {

    private static final String SECRET = "s3cret-never-shown";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CatalogViews catalog;
    @MockitoBean
    ServiceChanges changes;
    @MockitoBean
    ServiceTests tests;
    @MockitoBean
    AdminTokens tokens;
    @MockitoBean
    ReceiptAddresses receipts;

    private static ServiceView stored(String name) {
        return new ServiceView(name, ServiceView.DATABASE, 1L, "aliyun", true, 100, 1, 100, null, "3000ms",
                "10000ms", false, Map.of("signName", "Sign", "accessKey", "LTAI****"), List.of("accessSecret"),
                "LTAI****", null, true, "CLOSED", null, null, null, null, null, null);
    }

    @Test
    void theNewServicePageShowsEveryTypesSettingsOnceAsTheirAdaptersDeclareThem() throws Exception {
        String page = mvc.perform(get("/console/services/new").param("type", "webhook").with(operator()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("id=\"f-url\"", "name=\"settings[url]\"", "id=\"f-headerName0\"",
                "name=\"headerRows[0].name\"", "id=\"f-exclusive\"", "id=\"f-accessKey\"", "id=\"f-secretId\"",
                "id=\"error-sdkAppId\"", "type=\"password\" autocomplete=\"new-password\"");
        assertThat(page.split("id=\"f-endpoint\"", -1)).as("a setting two types share is one field").hasSize(2);
        assertThat(page).as("the chosen type's group only is shown and posts")
                .containsPattern("data-types=\"webhook\">\\s*<legend>Webhook</legend>")
                .containsPattern("data-types=\"aliyun\"[^>]*disabled=\"disabled\"");
    }

    @Test
    void aNewServiceIsBoundFromTheFormAndSavedThroughTheCatalog() throws Exception {
        when(changes.create(any(), eq("ops"))).thenReturn(stored("ali-1"));

        mvc.perform(post("/console/services/new").with(operator()).with(csrf())
                        .param("name", "ali-1").param("type", "aliyun").param("enabled", "true")
                        .param("priority", "70").param("settings[endpoint]", "http://127.0.0.1:1")
                        .param("settings[accessKey]", "LTAI5tKey").param("settings[accessSecret]", SECRET)
                        .param("settings[signName]", "Sign").param("settings[url]", "http://other-types")
                        .param("testPhone", "+8613800138000"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/console/services/ali-1"))
                .andExpect(flash().attribute("notice", Notice.ok("services.notice.created", "ali-1")));

        ArgumentCaptor<ServiceDocument> document = ArgumentCaptor.forClass(ServiceDocument.class);
        verify(changes).create(document.capture(), eq("ops"));
        assertThat(document.getValue().type()).isEqualTo(SmsServicesProperties.Type.ALIYUN);
        assertThat(document.getValue().priority()).isEqualTo(70);
        assertThat(document.getValue().settings()).containsOnlyKeys("endpoint", "accessKey", "accessSecret",
                "signName");
    }

    @Test
    void aValueTheFormCannotReadStaysOnThePageWith400AndItsErrorNextToIt() throws Exception {
        String page = mvc.perform(post("/console/services/new").with(operator()).with(csrf())
                        .param("name", "box").param("type", "sandbox").param("maxQps", "lots"))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("console/services-form"))
                .andExpect(model().attributeHasFieldErrors("form", "maxQps"))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("<span class=\"error\" id=\"error-maxQps\">must be a whole number</span>",
                "id=\"f-maxQps\" name=\"maxQps\" type=\"number\" value=\"lots\"", "id=\"fields-invalid\"");
        verifyNoInteractions(changes);
    }

    @Test
    void theCatalogsFieldErrorsShowNextToTheirFieldsAndNoSecretIsPutBack() throws Exception {
        when(changes.create(any(), anyString())).thenThrow(CatalogRefusals.invalid("signName", "is required",
                "colour", "is not a setting of a aliyun service"));

        String page = mvc.perform(post("/console/services/new").with(operator()).with(csrf())
                        .param("name", "ali-2").param("type", "aliyun").param("settings[accessSecret]", SECRET)
                        .param("headerRows[0].name", "X-Key").param("headerRows[0].value", SECRET))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("<span class=\"error\" id=\"error-signName\">is required</span>",
                "colour is not a setting of a aliyun service", "value=\"ali-2\"").doesNotContain(SECRET);
    }

    @Test
    void aChangeSomeoneMadeMeanwhileShowsTheFormAgainWith412AndALinkThatReloads() throws Exception {
        when(catalog.service("ali-1")).thenReturn(Optional.of(stored("ali-1")));
        when(changes.update(eq("ali-1"), any(), eq("1"), anyString()))
                .thenThrow(CatalogRefusals.stale("service 'ali-1'"));

        String page = mvc.perform(post("/console/services/ali-1").with(operator()).with(csrf())
                        .param("name", "ali-1").param("type", "aliyun").param("version", "1")
                        .param("priority", "97"))
                .andExpect(status().isPreconditionFailed())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Someone changed service ali-1", "id=\"reload\" href=\"/console/services/ali-1\"",
                "id=\"f-priority\" name=\"priority\" type=\"number\" value=\"97\"");
    }

    @Test
    void aConflictShowsTheFormAgainWith409AndTheReason() throws Exception {
        when(changes.create(any(), anyString())).thenThrow(CatalogRefusals.conflict("service 'ali-1' exists"));

        mvc.perform(post("/console/services/new").with(operator()).with(csrf())
                        .param("name", "ali-1").param("type", "sandbox"))
                .andExpect(status().isConflict())
                .andExpect(model().attribute("notice", Notice.bad("services.notice.refused", "service 'ali-1' exists")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Refused: service &#39;ali-1&#39; exists")));
    }

    @Test
    void anActionTheCatalogRefusesGoesBackToItsPageAndAThingGoneMeanwhileToTheList() throws Exception {
        when(changes.setEnabled("ali-1", false, "1", "ops")).thenThrow(CatalogRefusals.conflict("the last one"));
        when(changes.update(eq("gone"), any(), any(), anyString())).thenThrow(CatalogRefusals.notFound("no 'gone'"));

        mvc.perform(post("/console/services/ali-1/disable").param("version", "1").with(operator()).with(csrf()))
                .andExpect(redirectedUrl("/console/services/ali-1"))
                .andExpect(flash().attribute("notice", Notice.bad("services.notice.refused", "the last one")));
        mvc.perform(post("/console/services/gone").param("type", "sandbox").param("version", "1")
                        .with(operator()).with(csrf()))
                .andExpect(redirectedUrl("/console/services"))
                .andExpect(flash().attribute("notice", Notice.bad("services.notice.refused", "no 'gone'")));
    }

    @Test
    void theTestSendsRefusalsAreSwappedInNextToTheirFieldsTheNumbersAtTheTestPhone() throws Exception {
        when(tests.send(any(), eq("12345"), any(), anyMap(), eq("ops")))
                .thenThrow(CatalogRefusals.invalid("phone", "is not a mobile number", "signName", "is required"));

        String fragment = mvc.perform(post("/console/services/-/test").with(operator()).with(csrf())
                        .param("type", "aliyun").param("testPhone", "12345"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(fragment).contains("nothing was sent",
                "<span class=\"error\" id=\"error-testPhone\" hx-swap-oob=\"true\">is not a mobile number</span>",
                "<span class=\"error\" id=\"error-signName\" hx-swap-oob=\"true\">is required</span>",
                "<span class=\"error\" id=\"error-accessKey\" hx-swap-oob=\"true\"></span>");
    }

    @Test
    void aDraftTheFormCannotReadIsNotSent() throws Exception {
        mvc.perform(post("/console/services/-/test").with(operator()).with(csrf())
                        .param("type", "sandbox").param("readTimeout", "soon"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "id=\"error-readTimeout\" hx-swap-oob=\"true\">must be a duration such as 3s or 500ms")));
        verifyNoInteractions(tests);
    }

    @Test
    void aViewerSeesTheSettingsReadOnlyAndMayChangeNothing() throws Exception {
        when(catalog.service("ali-1")).thenReturn(Optional.of(stored("ali-1")));

        String page = mvc.perform(get("/console/services/ali-1").with(viewer()))
                .andExpect(status().isOk()).andExpect(view().name("console/services-view"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Sign name", "Access key ID", "LTAI****").doesNotContain("<form id=\"service-form\"");

        mvc.perform(post("/console/services/new").with(viewer()).with(csrf()).param("type", "sandbox"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/services/new").with(operator()).param("type", "sandbox"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(changes);
    }
}
