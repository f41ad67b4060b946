/**
 * Dead-letter operations: browse what could not be delivered and why, replay it after a fix, or discard it.
 */
@NullMarked
package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.NullMarked;
