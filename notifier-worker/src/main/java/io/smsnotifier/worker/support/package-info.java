/**
 * Small helpers with no capability of their own: what may be logged of a value a producer controls, the checks every field from outside shares, cached health checks, the start-up failure analyzers, and where reads that may lag go (the optional read replica).
 */
@NullMarked
package io.smsnotifier.worker.support;

import org.jspecify.annotations.NullMarked;
