package io.smsnotifier.worker.providers;

/**
 * Makes the providers of one {@link SmsServicesProperties.Type}: each adapter package contributes one as a bean.
 * It checks that every setting its type needs is there; start-up fails with a message naming the property
 * otherwise.
 */
public interface SmsProviderFactory {

    SmsServicesProperties.Type type();

    /** @throws IllegalStateException naming the property, when a setting is missing or wrong */
    SmsProvider create(ServiceSettings service);
}
