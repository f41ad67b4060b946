/**
 * Retention: old ledger rows, login-code counts and the dead-letter audit are purged in small batches.
 */
@NullMarked
package io.smsnotifier.worker.retention;

import org.jspecify.annotations.NullMarked;
