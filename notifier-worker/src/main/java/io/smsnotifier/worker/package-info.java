/**
 * The worker's shared kernel: the application, topic names and the failure types every capability speaks.
 */
@NullMarked
package io.smsnotifier.worker;

import org.jspecify.annotations.NullMarked;
