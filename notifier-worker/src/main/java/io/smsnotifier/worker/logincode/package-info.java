/**
 * Login-code policy: per-phone limits shared across worker instances, and the country allowlist.
 */
@NullMarked
package io.smsnotifier.worker.logincode;

import org.jspecify.annotations.NullMarked;
