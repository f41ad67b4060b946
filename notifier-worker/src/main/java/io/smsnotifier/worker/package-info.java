/**
 * The application; each capability is a package beneath it, whose public types are its API.
 */
@NullMarked
package io.smsnotifier.worker;

import org.jspecify.annotations.NullMarked;
