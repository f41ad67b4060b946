package io.smsnotifier.worker.providers;

import java.util.List;

/**
 * Makes the providers of one {@link SmsServicesProperties.Type}: each adapter package contributes one as a bean,
 * and with it the settings of its type. Those settings drive everything else: reading them from configuration and
 * from admin API documents, checking them, sealing the secret ones, showing them without secrets, the audit's
 * diffs and the console's form.
 */
public interface SmsProviderFactory {

    SmsServicesProperties.Type type();

    /**
     * The settings of this type beyond those every service has, in the order a form shows them. Adding one here
     * (and its label in the console's bundles) is all a new vendor setting needs outside the adapter's own code.
     */
    List<ServiceSetting> settings();

    /** @throws IllegalStateException naming the property, when a setting is missing or wrong */
    SmsProvider create(ServiceSettings service);
}
