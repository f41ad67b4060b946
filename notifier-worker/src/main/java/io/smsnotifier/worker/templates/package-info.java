/**
 * SMS templates: the registry from configuration, parameter checks and rendering of {@code ${name}} placeholders.
 */
@NullMarked
package io.smsnotifier.worker.templates;

import org.jspecify.annotations.NullMarked;
