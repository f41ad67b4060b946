/**
 * A user's own SMS gateway behind a webhook, in the established self-integration format.
 */
@NullMarked
package io.smsnotifier.worker.providers.webhook;

import org.jspecify.annotations.NullMarked;
