package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.TemplateReview;

import java.util.List;
import java.util.Map;

/**
 * The reports of one push that passed their checks, and how many did not.
 *
 * @param reviews template reviews the push carried too (Alibaba Cloud's {@code TemplateSmsReport}, pasted at the
 *                same address), by the template's code at the service
 */
record ParsedPush(List<Receipts.Receipt> receipts, int invalid, Map<String, TemplateReview> reviews) {

    ParsedPush(List<Receipts.Receipt> receipts, int invalid) {
        this(receipts, invalid, Map.of());
    }
}
