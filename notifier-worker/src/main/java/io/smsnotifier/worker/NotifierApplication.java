package io.smsnotifier.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.ClassUtils;

/** The SMS notifier worker: Kafka events in, SMS out, every outcome recorded and published. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotifierApplication {

    /** The in-process broker and PostgreSQL of profile {@code local}: test code, not in the executable jar. */
    static final String LOCAL_INFRASTRUCTURE = "io.smsnotifier.worker.LocalInfrastructure";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(NotifierApplication.class);
        application.addListeners(refuseLocalProfileWithoutItsInfrastructure());
        application.run(args);
    }

    /**
     * Profile {@code local} expects the broker and PostgreSQL that {@code spring-boot:test-run} starts in the
     * process; the executable jar has neither and would fail on a database it cannot log in to. Stop at once
     * with what to run instead.
     */
    static ApplicationListener<ApplicationEnvironmentPreparedEvent> refuseLocalProfileWithoutItsInfrastructure() {
        return event -> {
            if (event.getEnvironment().matchesProfiles("local")
                    && !ClassUtils.isPresent(LOCAL_INFRASTRUCTURE, NotifierApplication.class.getClassLoader())) {
                throw new IllegalStateException("profile 'local' needs the in-process Kafka broker and PostgreSQL "
                        + "that come with `./mvnw -pl notifier-worker -am spring-boot:test-run` (the README's run "
                        + "command); the executable jar runs against your own Kafka and PostgreSQL: leave the "
                        + "profile out and set spring.kafka.bootstrap-servers and spring.datasource.*");
            }
        };
    }
}
