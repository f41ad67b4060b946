package io.smsnotifier.worker.providers.tencent;

import io.smsnotifier.worker.providers.FailureClass;

import java.util.Map;

/**
 * Tencent Cloud SMS error codes and what they mean ({@link FailureClass}). Codes not listed fall back by their
 * prefix (for example any {@code InternalError.*} is retryable), and otherwise are permanent for the event: the
 * dead letter then shows the vendor's code, and ops can replay once it is understood, instead of the worker
 * retrying something it does not know to be passing.
 */
final class TencentErrors {

    /** Tencent Cloud SMS ({@code sms} 2021-01-11) {@code Error.Code} and {@code SendStatus.Code} values. */
    private static final Map<String, FailureClass> CODES = Map.ofEntries(
            // retryable
            Map.entry("RequestLimitExceeded", FailureClass.RETRYABLE),
            Map.entry("InternalError", FailureClass.RETRYABLE),
            Map.entry("InternalError.Timeout", FailureClass.RETRYABLE),
            Map.entry("InternalError.SendAndRecvFail", FailureClass.RETRYABLE),
            Map.entry("InternalError.OtherError", FailureClass.RETRYABLE),
            Map.entry("FailedOperation.FailResolvePacket", FailureClass.RETRYABLE),
            Map.entry("ClientNetworkError", FailureClass.RETRYABLE),
            Map.entry("ServerNetworkError", FailureClass.RETRYABLE),
            // permanent for this number
            Map.entry("InvalidParameterValue.IncorrectPhoneNumber", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("FailedOperation.PhoneNumberInBlacklist", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("FailedOperation.PhoneNumberParseFail", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("FailedOperation.PhoneNumberOnBlacklist", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("LimitExceeded.PhoneNumberDailyLimit", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("LimitExceeded.PhoneNumberOneHourLimit", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("LimitExceeded.PhoneNumberThirtySecondLimit", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("LimitExceeded.PhoneNumberSameContentDailyLimit", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("LimitExceeded.DeliveryFrequencyLimit", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("UnsupportedOperation.UnsupportedRegion", FailureClass.PERMANENT_FOR_NUMBER),
            // permanent for the event
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("FailedOperation.MissingSignature", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("FailedOperation.ContainSensitiveWord", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("FailedOperation.JsonParseFail", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameterValue.TemplateParameterFormatError", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameterValue.TemplateParameterLengthLimit", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameterValue.ContentLengthLimit", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameterValue.MissingSignatureList", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("LimitExceeded.PhoneNumberCountLimit", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
                    FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("MissingParameter", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("InvalidParameter", FailureClass.PERMANENT_FOR_EVENT),
            // ops-blocking
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", FailureClass.OPS_BLOCKING),
            Map.entry("LimitExceeded.AppDailyLimit", FailureClass.OPS_BLOCKING),
            Map.entry("LimitExceeded.AppGlobalDailyLimit", FailureClass.OPS_BLOCKING),
            Map.entry("LimitExceeded.AppMainlandChinaDailyLimit", FailureClass.OPS_BLOCKING),
            Map.entry("LimitExceeded.AppCountryOrRegionDailyLimit", FailureClass.OPS_BLOCKING),
            Map.entry("InvalidParameterValue.SdkAppIdNotExist", FailureClass.OPS_BLOCKING),
            Map.entry("UnauthorizedOperation.SmsSdkAppIdVerifyFail", FailureClass.OPS_BLOCKING),
            Map.entry("UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny", FailureClass.OPS_BLOCKING),
            Map.entry("UnauthorizedOperation.RequestPermissionDeny", FailureClass.OPS_BLOCKING),
            Map.entry("UnauthorizedOperation.ServiceSuspendDueToArrears", FailureClass.OPS_BLOCKING),
            Map.entry("AuthFailure.SecretIdNotFound", FailureClass.OPS_BLOCKING),
            Map.entry("AuthFailure.SignatureFailure", FailureClass.OPS_BLOCKING),
            Map.entry("AuthFailure.SignatureExpire", FailureClass.RETRYABLE),
            Map.entry("AuthFailure.UnauthorizedOperation", FailureClass.OPS_BLOCKING),
            Map.entry("AuthFailure.InvalidSecretId", FailureClass.OPS_BLOCKING));

    private TencentErrors() {
    }

    static FailureClass classify(String code) {
        FailureClass known = CODES.get(code);
        if (known != null) {
            return known;
        }
        if (code.startsWith("InternalError") || code.startsWith("RequestLimitExceeded")) {
            return FailureClass.RETRYABLE;
        }
        if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation")) {
            return FailureClass.OPS_BLOCKING;
        }
        if (code.startsWith("LimitExceeded.PhoneNumber")) {
            return FailureClass.PERMANENT_FOR_NUMBER;
        }
        return FailureClass.PERMANENT_FOR_EVENT;
    }
}
