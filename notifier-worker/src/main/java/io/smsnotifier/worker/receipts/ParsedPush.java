package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;

import java.util.List;

/** The reports of one push that passed their checks, and how many did not. */
record ParsedPush(List<Receipts.Receipt> receipts, int invalid) {
}
