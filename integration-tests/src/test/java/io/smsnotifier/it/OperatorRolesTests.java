package io.smsnotifier.it;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named tokens: a viewer reads, an operator changes. The changes a viewer may not make are every handler the
 * running worker maps for POST, PUT, PATCH or DELETE, so that an endpoint added later is covered without
 * touching this test.
 */
class OperatorRolesTests extends WorkerIntegrationTest {

    private static final Set<RequestMethod> CHANGES = EnumSet.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);
    private static final String VIEWER_DENIED = "token 'ops-viewer' has role viewer; this needs operator";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void aViewerGets403OnEveryChangeTheWorkerServes() {
        Set<String> changes = changeEndpoints();
        assertThat(changes).as("the enumeration finds the changes we know of")
                .contains("POST /api/sms/send", "POST /api/sms/services/0/test", "POST /api/directory/import",
                        "POST /api/deadletters/0/0/0/replay", "POST /api/deadletters/0/replay",
                        "POST /api/deadletters/0/0/0/discard");

        AdminApiClient viewer = admin().withToken(AdminApiClient.VIEWER_TOKEN);
        SoftAssertions softly = new SoftAssertions();
        for (String change : changes) {
            String method = change.substring(0, change.indexOf(' '));
            HttpResponse<String> response = viewer.exchange(method, change.substring(change.indexOf(' ') + 1),
                    method.equals("DELETE") ? null : "{}");
            softly.assertThat(response.statusCode()).as(change).isEqualTo(403);
            softly.assertThat(response.headers().firstValue("Content-Type")).as(change)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            softly.assertThat(response.body()).as(change).contains(VIEWER_DENIED);
        }
        softly.assertAll();
    }

    @Test
    void theForbiddenAnswerIsAProblemDetailWithTheMessageOfThe401() {
        HttpResponse<String> denied = admin().withToken(AdminApiClient.VIEWER_TOKEN)
                .post("/api/sms/send", "{}");

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("type").asString()).isEqualTo("about:blank");
        assertThat(json(denied).get("title").asString()).isEqualTo("Forbidden");
        assertThat(json(denied).get("status").asInt()).isEqualTo(403);
        assertThat(json(denied).get("detail").asString()).isEqualTo(VIEWER_DENIED);
        assertThat(json(denied).get("error").asString()).isEqualTo("Forbidden");
        assertThat(json(denied).get("message").asString()).isEqualTo(VIEWER_DENIED);
    }

    @Test
    void aViewerReadsEverythingButTheSandboxOutbox() {
        AdminApiClient viewer = admin().withToken(AdminApiClient.VIEWER_TOKEN);

        for (String path : new String[] {"/api/deadletters", "/api/audit", "/api/sms/services",
                "/api/deliveries", "/actuator/prometheus", "/actuator/info", "/v3/api-docs",
                "/swagger-ui/index.html"}) {
            assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(viewer.exchange("HEAD", "/api/sms/services", null).statusCode()).isEqualTo(200);
        assertThat(json(viewer.health()).path("components").propertyNames()).contains("db", "kafka");

        HttpResponse<String> outbox = viewer.get("/api/sandbox/messages");
        assertThat(outbox.statusCode()).isEqualTo(403);
        assertThat(outbox.body()).contains(VIEWER_DENIED).doesNotContain("eventId");
        assertThat(viewer.exchange("HEAD", "/api/sandbox/messages", null).statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorTokenReadsTheOutboxAndMayChange() {
        AdminApiClient alice = admin().withToken(AdminApiClient.OPERATOR_TOKEN);

        assertThat(alice.get("/api/sandbox/messages").statusCode()).isEqualTo(200);
        // Past security, into the handler: no such dead letter (400), not 403.
        assertThat(alice.discard("no.such.topic-dlt", 0, 0, "{\"reason\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongTokenGets401WhateverItIsClosestTo() {
        String viewer = AdminApiClient.VIEWER_TOKEN;
        for (String wrong : new String[] {viewer.substring(1), viewer + "x", viewer.toUpperCase(),
                "it-viewer-2d8f4b1a6e3c9057d2b8f4a1c6e30976", "ops-viewer"}) {
            HttpResponse<String> read = admin().withToken(wrong).get("/api/deadletters");
            assertThat(read.statusCode()).as(wrong).isEqualTo(401);
            assertThat(read.headers().firstValue("WWW-Authenticate")).as(wrong).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(admin().withToken(wrong).post("/api/sms/send", "{}").statusCode()).as(wrong).isEqualTo(401);
        }
    }

    /** {@code METHOD /path} for every change the worker maps, path variables filled with {@code 0}. */
    private Set<String> changeEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                // Spring Boot's error page takes any method and is open to all: the errors of other requests. The
                // console's pages take sessions, not bearer tokens (ConsoleProtectionTests covers their changes).
                // The vendors' receipt pushes take no token: the secret in the address is checked (AliyunReceiptTests).
                if (pattern.equals("/error") || pattern.equals("/console") || pattern.startsWith("/console/")
                        || pattern.startsWith("/receipts/")) {
                    continue;
                }
                for (RequestMethod change : methods(info)) {
                    endpoints.add(change + " " + pattern.replaceAll("\\{[^}]*}", "0"));
                }
            }
        });
        return endpoints;
    }

    /** The changes {@code info} answers; a mapping without methods answers them all. */
    private static Set<RequestMethod> methods(RequestMappingInfo info) {
        Set<RequestMethod> mapped = info.getMethodsCondition().getMethods();
        if (mapped.isEmpty()) {
            return CHANGES;
        }
        Set<RequestMethod> changes = EnumSet.noneOf(RequestMethod.class);
        changes.addAll(mapped);
        changes.retainAll(CHANGES);
        return changes;
    }
}
