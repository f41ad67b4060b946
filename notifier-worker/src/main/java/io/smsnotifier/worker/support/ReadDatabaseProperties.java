package io.smsnotifier.worker.support;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.read-datasource.*}: an optional read replica of the primary database ({@code spring.datasource})
 * for the reads that may lag a moment behind it ({@link ReadDatabase}). Without {@code url} they read the primary.
 *
 * @param url             JDBC URL of the replica, e.g. {@code jdbc:postgresql://replica:5432/notifier}; empty: none
 * @param username        its user (read-only access is enough)
 * @param password        its password
 * @param maximumPoolSize connections to it: searches and the console's pages, a few at a time
 */
@Validated
@ConfigurationProperties("notifier.read-datasource")
record ReadDatabaseProperties(@Nullable String url, @Nullable String username, @Nullable String password,
                              @DefaultValue("5") @Min(1) @Max(100) int maximumPoolSize) {

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
