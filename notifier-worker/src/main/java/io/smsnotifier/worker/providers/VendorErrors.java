package io.smsnotifier.worker.providers;

import java.util.Map;

/**
 * The one table of vendor error codes and what they mean ({@link FailureClass}). Codes not listed fall back by
 * their prefix (for example any {@code InternalError.*} is retryable), and otherwise are permanent for the
 * event: the dead letter then shows the vendor's code, and ops can replay once it is understood, instead of the
 * worker retrying something it does not know to be passing.
 */
public final class VendorErrors {

    /** Alibaba Cloud SMS ({@code dysmsapi}) {@code Code} values. */
    static final Map<String, FailureClass> ALIYUN = Map.ofEntries(
            // retryable
            Map.entry("isp.SYSTEM_ERROR", FailureClass.RETRYABLE),
            Map.entry("isv.SYSTEM_ERROR", FailureClass.RETRYABLE),
            Map.entry("isp.GATEWAY_ERROR", FailureClass.RETRYABLE),
            Map.entry("Throttling", FailureClass.RETRYABLE),
            Map.entry("Throttling.User", FailureClass.RETRYABLE),
            Map.entry("Throttling.Api", FailureClass.RETRYABLE),
            Map.entry("ServiceUnavailable", FailureClass.RETRYABLE),
            Map.entry("InternalError", FailureClass.RETRYABLE),
            Map.entry("SignatureNonceUsed", FailureClass.RETRYABLE),
            Map.entry("SDK.ServerUnreachable", FailureClass.RETRYABLE),
            Map.entry("SDK.TimeoutError", FailureClass.RETRYABLE),
            Map.entry("SDK.ReadTimeout", FailureClass.RETRYABLE),
            Map.entry("SDK.InvalidAccessKeySecret", FailureClass.OPS_BLOCKING),
            // permanent for this number
            Map.entry("isv.MOBILE_NUMBER_ILLEGAL", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("isv.BUSINESS_LIMIT_CONTROL", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("isv.BLACK_KEY_CONTROL_LIMIT", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.DOMESTIC_NUMBER_NOT_SUPPORTED", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("isv.MOBILE_IN_BLACK", FailureClass.PERMANENT_FOR_NUMBER),
            Map.entry("isv.BLACKLIST_CONTROL", FailureClass.PERMANENT_FOR_NUMBER),
            // permanent for the event
            Map.entry("isv.SMS_TEMPLATE_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.SMS_SIGNATURE_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.SMS_SIGN_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.SMS_SIGNATURE_SCENE_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.TEMPLATE_MISSING_PARAMETERS", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.TEMPLATE_PARAMS_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.INVALID_PARAMETERS", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.INVALID_JSON_PARAM", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.PARAM_LENGTH_LIMIT", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.PARAM_NOT_SUPPORT_URL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.MOBILE_COUNT_OVER_LIMIT", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.SMS_CONTENT_ILLEGAL", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("isv.EXTEND_CODE_ERROR", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("MissingPhoneNumbers", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("MissingSignName", FailureClass.PERMANENT_FOR_EVENT),
            Map.entry("MissingTemplateCode", FailureClass.PERMANENT_FOR_EVENT),
            // ops-blocking: balance, quota, suspended account, bad credentials
            Map.entry("isv.AMOUNT_NOT_ENOUGH", FailureClass.OPS_BLOCKING),
            Map.entry("isv.OUT_OF_SERVICE", FailureClass.OPS_BLOCKING),
            Map.entry("isv.DAY_LIMIT_CONTROL", FailureClass.OPS_BLOCKING),
            Map.entry("isv.ACCOUNT_NOT_EXISTS", FailureClass.OPS_BLOCKING),
            Map.entry("isv.ACCOUNT_ABNORMAL", FailureClass.OPS_BLOCKING),
            Map.entry("isv.PRODUCT_UN_SUBSCRIPT", FailureClass.OPS_BLOCKING),
            Map.entry("isv.PRODUCT_UNSUBSCRIBE", FailureClass.OPS_BLOCKING),
            Map.entry("isv.SECURITY_FROZEN_ACCOUNT", FailureClass.OPS_BLOCKING),
            Map.entry("isv.DENY_IP_RANGE", FailureClass.OPS_BLOCKING),
            Map.entry("isp.RAM_PERMISSION_DENY", FailureClass.OPS_BLOCKING),
            Map.entry("SignatureDoesNotMatch", FailureClass.OPS_BLOCKING),
            Map.entry("IncompleteSignature", FailureClass.OPS_BLOCKING),
            Map.entry("InvalidAccessKeyId.NotFound", FailureClass.OPS_BLOCKING),
            Map.entry("InvalidAccessKeyId.Inactive", FailureClass.OPS_BLOCKING),
            Map.entry("Forbidden.RAM", FailureClass.OPS_BLOCKING),
            Map.entry("Forbidden.AccessKeyDisabled", FailureClass.OPS_BLOCKING));

    /** Tencent Cloud SMS ({@code sms} 2021-01-11) {@code Error.Code} and {@code SendStatus.Code} values. */
    static final Map<String, FailureClass> TENCENT = Map.ofEntries(
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

    private VendorErrors() {
    }

    public static FailureClass aliyun(String code) {
        FailureClass known = ALIYUN.get(code);
        if (known != null) {
            return known;
        }
        if (code.startsWith("isp.") || code.startsWith("Throttling") || code.startsWith("SDK.")) {
            return FailureClass.RETRYABLE;
        }
        if (code.startsWith("InvalidAccessKeyId") || code.startsWith("Forbidden")) {
            return FailureClass.OPS_BLOCKING;
        }
        return FailureClass.PERMANENT_FOR_EVENT;
    }

    public static FailureClass tencent(String code) {
        FailureClass known = TENCENT.get(code);
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
