/**
 * The failure vocabulary every capability speaks: the published error codes and the two failure types whose type says whether an event is worth retrying.
 */
@NullMarked
package io.smsnotifier.worker.failures;

import org.jspecify.annotations.NullMarked;
