package io.smsnotifier.worker.providers.aliyun;

import com.aliyuncs.dysmsapi.model.v20170525.QuerySmsTemplateResponse;
import io.smsnotifier.worker.providers.TemplateReview;

import java.util.Optional;

/**
 * A template's review as Alibaba Cloud's {@code QuerySmsTemplate} answers it: {@code TemplateStatus} 0 in review,
 * 1 approved, 2 rejected (with {@code Reason}). Any other answer (a code it does not know, an error) is "cannot
 * tell": a poll must not take a template for rejected because the vendor could not say.
 */
final class TemplateStatuses {

    private TemplateStatuses() {
    }

    static Optional<TemplateReview> of(QuerySmsTemplateResponse response) {
        if (!"OK".equals(response.getCode()) || response.getTemplateStatus() == null) {
            return Optional.empty();
        }
        return switch (response.getTemplateStatus()) {
            case 0 -> Optional.of(new TemplateReview(TemplateReview.Status.IN_REVIEW, null));
            case 1 -> Optional.of(TemplateReview.approved());
            case 2 -> Optional.of(new TemplateReview(TemplateReview.Status.REJECTED, response.getReason()));
            default -> Optional.empty();
        };
    }
}
