/**
 * Retention: the ledger's day partitions are created ahead and dropped whole once past; login-code counts, the
 * dead-letter history (as long as the dead-letter topics keep records) and the audit log are purged in small
 * batches.
 */
@NullMarked
package io.smsnotifier.worker.retention;

import org.jspecify.annotations.NullMarked;
