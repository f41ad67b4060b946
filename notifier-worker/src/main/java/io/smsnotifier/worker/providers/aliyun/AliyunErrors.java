package io.smsnotifier.worker.providers.aliyun;

import io.smsnotifier.worker.providers.FailureClass;

import java.util.Map;

/**
 * Alibaba Cloud SMS error codes and what they mean ({@link FailureClass}). Codes not listed fall back by their
 * prefix (for example any {@code isp.*} is retryable), and otherwise are permanent for the event: the dead letter
 * then shows the vendor's code, and ops can replay once it is understood, instead of the worker retrying something
 * it does not know to be passing.
 */
final class AliyunErrors {

    /** Alibaba Cloud SMS ({@code dysmsapi}) {@code Code} values. */
    private static final Map<String, FailureClass> CODES = Map.ofEntries(
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

    private AliyunErrors() {
    }

    static FailureClass classify(String code) {
        FailureClass known = CODES.get(code);
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
}
