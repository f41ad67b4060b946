package io.smsnotifier.worker.console;

import io.smsnotifier.worker.providers.ServiceTypes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * What a {@code @WebMvcTest} of a console page needs beside its controller: the console's own security chain
 * (viewers read, operators change, CSRF on every POST), the service types the adapters declare, the form's
 * schema and the pages' clock. The test class mocks the services its controller calls, and {@code AdminTokens}.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
@Import({ConsoleSecurityConfiguration.class, ConsoleSessions.class, ConsoleTime.class, ServiceForms.class})
class ConsoleSlice {

    @Bean
    ServiceTypes serviceTypes() {
        return ConsoleFormsTests.TYPES;
    }

    /** Signed in as an operator, as an admin token with role operator signs in. */
    static RequestPostProcessor operator() {
        return SecurityMockMvcRequestPostProcessors.user("ops").roles("OPERATOR", "VIEWER");
    }

    static RequestPostProcessor viewer() {
        return SecurityMockMvcRequestPostProcessors.user("watcher").roles("VIEWER");
    }
}
