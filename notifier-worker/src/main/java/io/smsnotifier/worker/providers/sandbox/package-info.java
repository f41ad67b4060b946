/**
 * The sandbox SMS service: records what it is given so a developer can see it, sends nothing.
 */
@NullMarked
package io.smsnotifier.worker.providers.sandbox;

import org.jspecify.annotations.NullMarked;
