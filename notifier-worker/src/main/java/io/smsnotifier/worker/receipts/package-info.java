/**
 * Delivery receipts: the vendors' handset reports pushed to a per-service address that carries a secret, checked and
 * handed to the ledger ({@code delivery}'s {@code Receipts}).
 */
@NullMarked
package io.smsnotifier.worker.receipts;

import org.jspecify.annotations.NullMarked;
