/**
 * Recipients: the worker's copy of the directory and the resolution of members and raw numbers to E.164 phones.
 */
@NullMarked
package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.NullMarked;
