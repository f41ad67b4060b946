/**
 * Delivery: the pipeline from a decoded event to settled outcomes, the ledger, and the outcome events.
 */
@NullMarked
package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.NullMarked;
