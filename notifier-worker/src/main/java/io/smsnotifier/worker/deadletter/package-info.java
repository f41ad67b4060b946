/**
 * Dead letters: publishing what could not be delivered with the reason, and the operations on it (browse, replay
 * after a fix, discard), their audit and metrics.
 */
@NullMarked
package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.NullMarked;
