/**
 * Secrets at rest: values sealed with AES-256-GCM under the configured key, opened with it or a key it replaced.
 */
@NullMarked
package io.smsnotifier.worker.secrets;

import org.jspecify.annotations.NullMarked;
