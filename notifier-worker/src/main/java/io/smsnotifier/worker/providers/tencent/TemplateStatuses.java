package io.smsnotifier.worker.providers.tencent;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.DescribeSmsTemplateListRequest;
import com.tencentcloudapi.sms.v20210111.models.DescribeSmsTemplateListResponse;
import com.tencentcloudapi.sms.v20210111.models.DescribeTemplateListStatus;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.TemplateReview;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * A template's review as Tencent Cloud reports it ({@code DescribeSmsTemplateList}: {@code StatusCode} 0 approved,
 * 1 in review, -1 rejected with {@code ReviewReply}). Template ids are numbers; a mainland template is asked
 * first, then an international one of that id. Thread-safe.
 */
final class TemplateStatuses {

    private final SmsClient client;
    private final String serviceName;

    TemplateStatuses(SmsClient client, String serviceName) {
        this.client = client;
        this.serviceName = serviceName;
    }

    /**
     * Empty when the id is no number or the vendor lists no such template.
     *
     * @throws ProviderFailure when the vendor could not be asked (its message is not kept: it may quote the request)
     */
    Optional<TemplateReview> reviewOf(String templateId) {
        long id;
        try {
            id = Long.parseLong(templateId.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try {
            for (long international : new long[] {0, 1}) {
                DescribeTemplateListStatus status = ask(id, international);
                if (status != null) {
                    return review(status);
                }
            }
        } catch (TencentCloudSDKException e) {
            throw ProviderFailure.requestFailed(e.getErrorCode(), serviceName + ": DescribeSmsTemplateList failed ("
                    + e.getErrorCode() + ")", null);
        }
        return Optional.empty();
    }

    private @Nullable DescribeTemplateListStatus ask(long id, long international) throws TencentCloudSDKException {
        DescribeSmsTemplateListRequest request = new DescribeSmsTemplateListRequest();
        request.setTemplateIdSet(new Long[] {id});
        request.setInternational(international);
        DescribeSmsTemplateListResponse response = client.DescribeSmsTemplateList(request);
        DescribeTemplateListStatus[] statuses = response.getDescribeTemplateStatusSet();
        if (statuses != null) {
            for (DescribeTemplateListStatus status : statuses) {
                if (status.getTemplateId() != null && status.getTemplateId() == id) {
                    return status;
                }
            }
        }
        return null;
    }

    private static Optional<TemplateReview> review(DescribeTemplateListStatus status) {
        Long code = status.getStatusCode();
        if (code == null) {
            return Optional.empty();
        }
        if (code == 0) {
            return Optional.of(TemplateReview.approved());
        }
        if (code == 1) {
            return Optional.of(new TemplateReview(TemplateReview.Status.IN_REVIEW, null));
        }
        return code == -1 ? Optional.of(new TemplateReview(TemplateReview.Status.REJECTED, status.getReviewReply()))
                : Optional.empty();
    }
}
