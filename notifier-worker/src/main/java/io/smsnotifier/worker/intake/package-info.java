/**
 * Intake: the Kafka listeners, decoding and validation of request events, and dead-lettering of what cannot be
 * delivered.
 */
@NullMarked
package io.smsnotifier.worker.intake;

import org.jspecify.annotations.NullMarked;
