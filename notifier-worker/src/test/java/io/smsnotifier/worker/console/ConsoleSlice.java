package io.smsnotifier.worker.console;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.worker.admin.AuthFailures;
import io.smsnotifier.worker.admin.FailedAuthProperties;
import io.smsnotifier.worker.providers.ServiceTypes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;

/**
 * What a {@code @WebMvcTest} of a console page needs beside its controller: the console's own security chain
 * (viewers read, operators change, CSRF on every POST), the service types the adapters declare, the form's
 * schema, the pages' clock and the count of wrong tokens. The test class mocks the services its controller calls, and {@code AdminTokens}.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
@Import({ConsoleSecurityConfiguration.class, ConsoleSessions.class, ConsoleTime.class, ServiceForms.class})
class ConsoleSlice {

    /** The real count of wrong tokens, at its defaults. */
    @Bean
    AuthFailures authFailures() {
        return new AuthFailures(new FailedAuthProperties(10, 300, Duration.ofMinutes(1), 10_000),
                new SimpleMeterRegistry());
    }

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
