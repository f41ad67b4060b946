/**
 * The live worker instances: this one's id and heartbeat, and how many share each SMS service's {@code max-qps}.
 */
@NullMarked
package io.smsnotifier.worker.instances;

import org.jspecify.annotations.NullMarked;
