package io.smsnotifier.worker.providers;

import java.util.Map;

/**
 * Template reviews a vendor pushed (Alibaba Cloud's {@code TemplateSmsReport}), published as an application event
 * by the receipts module that read them and applied by the catalog's poll: neither may depend on the other, and
 * both on this module.
 *
 * @param service the service whose receipt address took the push (its secret checked)
 * @param reviews by the template's code at that service
 */
public record TemplateReviewsPushed(String service, Map<String, TemplateReview> reviews) {

    public TemplateReviewsPushed {
        reviews = Map.copyOf(reviews);
    }
}
