/**
 * SMS services: the {@link io.smsnotifier.worker.providers.SmsProvider} port, its adapters and the routing between them.
 */
@NullMarked
package io.smsnotifier.worker.providers;

import org.jspecify.annotations.NullMarked;
