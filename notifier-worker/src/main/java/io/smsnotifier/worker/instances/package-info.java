/**
 * The live worker instances: this one's id and heartbeat, how many share each SMS service's {@code max-qps}, and
 * which secret keys each holds.
 */
@NullMarked
package io.smsnotifier.worker.instances;

import org.jspecify.annotations.NullMarked;
