/**
 * Login codes: the per-number limits shared across worker instances and the country allowlist, their priority
 * over bulk traffic, and their batching into one vendor request.
 */
@NullMarked
package io.smsnotifier.worker.logincode;

import org.jspecify.annotations.NullMarked;
