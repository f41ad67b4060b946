package io.smsnotifier.worker.providers;

import java.util.List;

/**
 * Makes the providers of one {@link SmsServicesProperties.Type}: each adapter package contributes one as a bean.
 * It checks that every setting its type needs is there; start-up fails with a message naming the property
 * otherwise.
 */
public interface SmsProviderFactory {

    SmsServicesProperties.Type type();

    /**
     * The settings a service of this type cannot do without, as camelCase names ({@code accessKey}), so that the
     * admin API can name every missing one at once; {@link #create} checks them too.
     */
    List<String> requiredSettings();

    /** @throws IllegalStateException naming the property, when a setting is missing or wrong */
    SmsProvider create(ServiceSettings service);
}
