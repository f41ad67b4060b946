package io.smsnotifier.worker.providers.tencent;

import io.smsnotifier.worker.providers.FailureClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What each Tencent Cloud code means for the worker: one row per code the design and the vendor's docs name. */
class TencentErrorsTests {

    @ParameterizedTest(name = "Tencent Cloud {0} is {1}")
    @CsvSource({
            "RequestLimitExceeded, RETRYABLE",
            "InternalError.Timeout, RETRYABLE",
            "InternalError.SendAndRecvFail, RETRYABLE",
            "InternalError.Unheard, RETRYABLE",
            "AuthFailure.SignatureExpire, RETRYABLE",
            "InvalidParameterValue.IncorrectPhoneNumber, PERMANENT_FOR_NUMBER",
            "FailedOperation.PhoneNumberInBlacklist, PERMANENT_FOR_NUMBER",
            "LimitExceeded.PhoneNumberDailyLimit, PERMANENT_FOR_NUMBER",
            "LimitExceeded.PhoneNumberThirtySecondLimit, PERMANENT_FOR_NUMBER",
            "LimitExceeded.PhoneNumberOneHourLimit, PERMANENT_FOR_NUMBER",
            "LimitExceeded.PhoneNumberSomethingNew, PERMANENT_FOR_NUMBER",
            "FailedOperation.TemplateIncorrectOrUnapproved, PERMANENT_FOR_EVENT",
            "FailedOperation.SignatureIncorrectOrUnapproved, PERMANENT_FOR_EVENT",
            "InvalidParameterValue.TemplateParameterFormatError, PERMANENT_FOR_EVENT",
            "InvalidParameterValue.TemplateParameterLengthLimit, PERMANENT_FOR_EVENT",
            "LimitExceeded.PhoneNumberCountLimit, PERMANENT_FOR_EVENT",
            "MissingParameter, PERMANENT_FOR_EVENT",
            "FailedOperation.InsufficientBalanceInSmsPackage, OPS_BLOCKING",
            "LimitExceeded.AppDailyLimit, OPS_BLOCKING",
            "UnauthorizedOperation.ServiceSuspendDueToArrears, OPS_BLOCKING",
            "UnauthorizedOperation.SmsSdkAppIdVerifyFail, OPS_BLOCKING",
            "AuthFailure.SecretIdNotFound, OPS_BLOCKING",
            "AuthFailure.SignatureFailure, OPS_BLOCKING",
            "AuthFailure.Unheard, OPS_BLOCKING"})
    void classifiesTencentCloudCodes(String code, FailureClass expected) {
        assertThat(TencentErrors.classify(code)).isEqualTo(expected);
    }
}
