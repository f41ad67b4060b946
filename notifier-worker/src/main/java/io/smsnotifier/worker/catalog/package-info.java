/**
 * SMS services and templates managed at runtime: stored in PostgreSQL (secrets sealed), checked field by field
 * before anything is stored, audited, and put in force on every instance within seconds.
 */
@NullMarked
package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.NullMarked;
