package io.smsnotifier.worker.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code notifier.catalog.*}.
 *
 * @param pollInterval how often each instance asks whether the stored services and templates changed; a change
 *                     is in force everywhere within about this long (the instance that made it: at once)
 */
@ConfigurationProperties("notifier.catalog")
record CatalogProperties(@DefaultValue("500ms") Duration pollInterval) {
}
