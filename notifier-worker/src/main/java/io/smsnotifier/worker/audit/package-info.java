/**
 * The audit log: who changed what through the admin API, and when, kept in PostgreSQL and read at {@code /api/audit}.
 */
@NullMarked
package io.smsnotifier.worker.audit;

import org.jspecify.annotations.NullMarked;
