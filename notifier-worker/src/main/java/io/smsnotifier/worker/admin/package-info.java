/**
 * The admin HTTP API's security: a bearer token on every endpoint but health.
 */
@NullMarked
package io.smsnotifier.worker.admin;

import org.jspecify.annotations.NullMarked;
