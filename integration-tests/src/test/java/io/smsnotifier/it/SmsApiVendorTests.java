package io.smsnotifier.it;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/sms/send} against the vendors answers each documented code, and neither answers nor logs
 * ever show a credential.
 */
@ExtendWith(OutputCaptureExtension.class)
class SmsApiVendorTests extends VendorIntegrationTest {

    private static final Map<String, String> APPROVAL = Map.of("userNick", "Alice", "processTitle", "Trip");

    @AfterEach
    void servicesBackInRotation() {
        resetSimulators();
        awaitAllServicesInRotation();
    }

    @Test
    void emptyPhoneListIsRefusedWith46001() {
        HttpResponse<String> response = admin().sendSms(List.of(), "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1"), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").asString()).isEqualTo("46001");
        assertThat(aliyun.requests()).isEmpty();
    }

    @Test
    void missingTemplateParameterIsRefusedWith46001NamingIt() {
        HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "ORDER_NOTIFY", Map.of("username", "u001"),
                null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").asString()).isEqualTo("46001");
        assertThat(json(response).path("message").asString()).contains("amount");
        assertThat(aliyun.requests()).isEmpty();
    }

    @Test
    void vendorRefusingTheTemplateAnswers502With46002AndTheVendorCode() {
        HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "SMS_NOT_AT_VENDOR", Map.of("name", "Bob"),
                null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).path("code").asString()).isEqualTo("46002");
        assertThat(json(response).path("providerErrorCode").asString()).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
    }

    @Test
    void everyServiceFailingWithoutAnAnswerAnswers503With46003() {
        aliyun.failNext(1, Behaviour.httpError(503));
        tencent.failNext(1, Behaviour.httpError(503));
        gateway.failNext(1, Behaviour.httpError(502));

        HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).path("code").asString()).isEqualTo("46003");
        assertThat(aliyun.requests()).hasSize(1);
        assertThat(tencent.requests()).hasSize(1);
        assertThat(gateway.received()).hasSize(1);
    }

    /** A lost answer may mean a sent SMS: the next service is not tried, and the answer says the number is in doubt. */
    @Test
    void aLostAnswerIsNotFailedOverAndAnswers503SayingTheNumberIsInDoubt() {
        aliyun.failNext(1, Behaviour.httpError(503));
        tencent.failNext(1, Behaviour.noAnswer());

        HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).path("code").asString()).isEqualTo("46003");
        assertThat(json(response).path("message").asString()).contains("in doubt");
        assertThat(tencent.requests()).hasSize(1);
        assertThat(gateway.received()).as("not sent a second time elsewhere").isEmpty();
    }

    @Test
    void partlyRefusedListAnswers200WithEachNumbersResult() {
        List<String> phones = newPhones(2);
        tencent.failNumbers(Map.of(e164(phones.get(1)), "FailedOperation.PhoneNumberInBlacklist"));

        HttpResponse<String> response = admin().sendSms(phones, "SMS_123456789", APPROVAL, "tencent-main");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("requestId").asString()).isNotBlank();
        JsonNode sent = resultFor(body, masked(phones.get(0)));
        assertThat(sent.path("status").asString()).isEqualTo("SENT");
        assertThat(sent.path("service").asString()).isEqualTo("tencent-main");
        assertThat(sent.path("providerMessageId").asString()).isNotBlank();
        JsonNode failed = resultFor(body, masked(phones.get(1)));
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("errorCode").asString()).isEqualTo("46002");
        assertThat(failed.path("providerErrorCode").asString()).isEqualTo("FailedOperation.PhoneNumberInBlacklist");
        assertThat(response.body()).doesNotContain(phones.get(0)).doesNotContain(phones.get(1));
    }

    @Test
    void servicesListingMasksKeyIdsAndShowsNoSecret() {
        HttpResponse<String> response = admin().services();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(serviceStatus("aliyun-main").path("credential").asString()).isEqualTo("LTAI****");
        assertThat(serviceStatus("tencent-main").path("credential").asString()).isEqualTo("AKID****");
        assertThat(response.body()).doesNotContain(ALIYUN_KEY_ID).doesNotContain(TENCENT_SECRET_ID)
                .doesNotContain(BAD_KEY_ID);
        SECRETS.forEach(secret -> assertThat(response.body()).doesNotContain(secret));
    }

    @Test
    void credentialsNeverAppearInAnswersOrLogsThroughFailuresAndAWrongSecret(CapturedOutput output) {
        List<String> answers = new ArrayList<>();
        // A key the vendor knows with the wrong secret: the vendor's answer echoes what it signed.
        HttpResponse<String> wrongSecret = admin().testSms("aliyun-badsecret",
                "{\"phone\": \"" + newPhone() + "\"}");
        answers.add(wrongSecret.body());
        assertThat(wrongSecret.statusCode()).isEqualTo(502);
        assertThat(json(wrongSecret).path("providerErrorCode").asString()).isEqualTo("SDK.InvalidAccessKeySecret");
        // The same without the echo: the vendor's own SignatureDoesNotMatch.
        aliyun.echoStringToSign(false);
        answers.add(admin().testSms("aliyun-badsecret", "{\"phone\": \"" + newPhone() + "\"}").body());
        aliyun.echoStringToSign(true);
        // A connection closed without an answer, then failures at every other service, answered and not.
        String eventId = uniqueId("creds");
        aliyun.failNext(1, Behaviour.closeConnection());
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(newPhone()), null,
                "SMS_123456789", APPROVAL));
        awaitOutcomes(eventId, 1);
        tencent.failNext(1, Behaviour.vendorError("InternalError"));
        gateway.failNext(1, Behaviour.httpError(401));
        answers.add(admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, "tencent-main").body());
        tencent.failNext(1, Behaviour.vendorError("AuthFailure.SignatureFailure"));
        answers.add(admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, "tencent-main").body());
        answers.add(admin().services().body());
        answers.add(admin().anonymous().health().body());

        for (String secret : SECRETS) {
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
            assertThat(answers).as("API answers").noneMatch(answer -> answer.contains(secret));
        }
        assertThat(output.getAll()).contains("ALERT sms service taken out of rotation service=aliyun-badsecret");
    }

    private static JsonNode resultFor(JsonNode body, String maskedPhone) {
        for (JsonNode result : body.path("results")) {
            if (maskedPhone.equals(result.path("phone").asString())) {
                return result;
            }
        }
        throw new AssertionError("no result for " + maskedPhone + " in " + body);
    }
}
