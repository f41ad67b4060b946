/**
 * The topic names the worker uses, the retry and dead-letter topics derived from them, and their provisioning on the broker.
 */
@NullMarked
package io.smsnotifier.worker.topics;

import org.jspecify.annotations.NullMarked;
