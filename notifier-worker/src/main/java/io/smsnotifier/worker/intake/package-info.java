/**
 * Intake: the listeners on the request and directory topics, decoding and validation of their events, and the
 * routing of what fails to retry and dead-letter topics.
 */
@NullMarked
package io.smsnotifier.worker.intake;

import org.jspecify.annotations.NullMarked;
