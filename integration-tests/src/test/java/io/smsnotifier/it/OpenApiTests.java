package io.smsnotifier.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API describes itself at {@code /v3/api-docs}: every endpoint the worker serves is in it, but the
 * console's pages ({@code /console/**}), which are HTML for people and excluded by {@code springdoc.paths-to-exclude}.
 */
class OpenApiTests extends WorkerIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointOfTheWorkerIsDocumented() {
        HttpResponse<String> docs = admin().get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = AdminApiClient.json(docs).path("paths");
        Set<String> documented = new TreeSet<>(paths.propertyNames());
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (ownEndpoint(method)) {
                info.getPatternValues().stream().filter(pattern -> !consolePage(pattern)).forEach(served::add);
            }
        });
        assertThat(served).as("the worker's own endpoints").isNotEmpty()
                .contains("/api/deliveries", "/api/sms/send");
        assertThat(documented).as("documented in /v3/api-docs").containsAll(served)
                .noneMatch(OpenApiTests::consolePage);
    }

    @Test
    void theDescriptionAndSwaggerUiNeedTheAdminToken() {
        assertThat(admin().anonymous().get("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(admin().anonymous().get("/swagger-ui/index.html").statusCode()).isEqualTo(401);
        assertThat(admin().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    private static boolean consolePage(String pattern) {
        return pattern.equals("/console") || pattern.startsWith("/console/");
    }

    private static boolean ownEndpoint(HandlerMethod method) {
        return method.getBeanType().getPackageName().startsWith("io.smsnotifier.worker");
    }
}
