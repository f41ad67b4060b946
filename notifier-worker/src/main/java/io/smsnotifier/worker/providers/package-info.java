/**
 * SMS services: the {@link io.smsnotifier.worker.providers.SmsProvider} port its adapters implement, and the
 * routing, limits and failover between the configured services ({@link io.smsnotifier.worker.providers.SmsServices}).
 */
@NullMarked
package io.smsnotifier.worker.providers;

import org.jspecify.annotations.NullMarked;
