package io.smsnotifier.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The SMS notifier worker: Kafka events in, SMS out, every outcome recorded and published. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotifierApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotifierApplication.class, args);
    }
}
