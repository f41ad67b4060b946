/**
 * The admin HTTP API's security: named bearer tokens with a role (viewer or operator) on every endpoint but health.
 */
@NullMarked
package io.smsnotifier.worker.admin;

import org.jspecify.annotations.NullMarked;
