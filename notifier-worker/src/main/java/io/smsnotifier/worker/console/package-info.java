/**
 * The ops console at {@code /console}: server-rendered pages (Thymeleaf, htmx for the parts that update in place)
 * over the worker's own modules, signed in with an admin token exchanged for a session, in English and Simplified
 * Chinese. Every class is named by its page; the shared parts are the security chain, the sign-in, the locale,
 * the model every page gets ({@link io.smsnotifier.worker.console.ConsoleModelAdvice}) and its notice, with the
 * catalog's refusals turned into one ({@link io.smsnotifier.worker.console.ConsoleNotices}).
 */
@NullMarked
package io.smsnotifier.worker.console;

import org.jspecify.annotations.NullMarked;
