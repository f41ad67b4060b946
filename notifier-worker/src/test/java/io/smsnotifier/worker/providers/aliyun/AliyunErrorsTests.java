package io.smsnotifier.worker.providers.aliyun;

import io.smsnotifier.worker.providers.FailureClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What each Alibaba Cloud code means for the worker: one row per code the design and the vendor's docs name. */
class AliyunErrorsTests {

    @ParameterizedTest(name = "Alibaba Cloud {0} is {1}")
    @CsvSource({
            // retryable: throttling, system errors, no answer
            "isp.SYSTEM_ERROR, RETRYABLE",
            "isv.SYSTEM_ERROR, RETRYABLE",
            "Throttling.User, RETRYABLE",
            "ServiceUnavailable, RETRYABLE",
            "SDK.ServerUnreachable, RETRYABLE",
            "SDK.TimeoutError, RETRYABLE",
            "SDK.ReadTimeout, RETRYABLE",
            "SDK.InvalidAccessKeySecret, OPS_BLOCKING",
            "isp.SOMETHING_NEW, RETRYABLE",
            // permanent for this number: illegal, blacklisted, per-number frequency
            "isv.MOBILE_NUMBER_ILLEGAL, PERMANENT_FOR_NUMBER",
            "isv.BUSINESS_LIMIT_CONTROL, PERMANENT_FOR_NUMBER",
            "isv.MOBILE_IN_BLACK, PERMANENT_FOR_NUMBER",
            "isv.DOMESTIC_NUMBER_NOT_SUPPORTED, PERMANENT_FOR_NUMBER",
            // permanent for the event: template, signature, parameters
            "isv.SMS_TEMPLATE_ILLEGAL, PERMANENT_FOR_EVENT",
            "isv.SMS_SIGNATURE_ILLEGAL, PERMANENT_FOR_EVENT",
            "isv.TEMPLATE_MISSING_PARAMETERS, PERMANENT_FOR_EVENT",
            "isv.INVALID_JSON_PARAM, PERMANENT_FOR_EVENT",
            "isv.PARAM_LENGTH_LIMIT, PERMANENT_FOR_EVENT",
            "isv.MOBILE_COUNT_OVER_LIMIT, PERMANENT_FOR_EVENT",
            "MissingSignName, PERMANENT_FOR_EVENT",
            "isv.UNHEARD_OF, PERMANENT_FOR_EVENT",
            // ops-blocking: balance, quota, suspended, credentials
            "isv.AMOUNT_NOT_ENOUGH, OPS_BLOCKING",
            "isv.OUT_OF_SERVICE, OPS_BLOCKING",
            "isv.DAY_LIMIT_CONTROL, OPS_BLOCKING",
            "isv.ACCOUNT_ABNORMAL, OPS_BLOCKING",
            "SignatureDoesNotMatch, OPS_BLOCKING",
            "InvalidAccessKeyId.NotFound, OPS_BLOCKING",
            "InvalidAccessKeyId.Inactive, OPS_BLOCKING",
            "Forbidden.RAM, OPS_BLOCKING"})
    void classifiesAlibabaCloudCodes(String code, FailureClass expected) {
        assertThat(AliyunErrors.classify(code)).isEqualTo(expected);
    }
}
