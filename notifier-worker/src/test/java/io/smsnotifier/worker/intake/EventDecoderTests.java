package io.smsnotifier.worker.intake;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventDecoderTests {

    private static final String APPROVAL = """
            {"eventId": "e-1001", "occurredAt": "2026-11-21T10:00:00Z",
             "processInstanceId": "PI-77", "processTitle": "Expense claim #42",
             "nodeId": "n-2", "nodeName": "Manager approval",
             "initiator": {"memberId": "u-7", "nick": "Alice"},
             "recipients": {"members": ["u-1"], "departments": ["d-9"], "roles": ["finance"],
                            "includeSubDepartments": true},
             "smsService": "aliyun-main",
             "templateCode": "SMS_123456789",
             "params": {"deadline": "Friday"}}
            """;

    private static final String LOGIN_CODE = """
            {"eventId": "lc-9", "occurredAt": "2026-11-21T10:00:00Z", "phone": "+8613800138000", "code": "482913",
             "expiresAt": "2026-11-21T10:05:00Z", "channel": "sms", "smsService": null,
             "templateCode": "SMS_LOGIN_1"}
            """;

    private static final String NOTIFY = """
            {"eventId": "n-5", "occurredAt": "2026-11-21T10:00:00Z",
             "recipients": {"members": [], "departments": ["d-1"], "roles": [], "phones": ["13700137000"]},
             "smsService": "tencent-main", "templateCode": "ORDER_NOTIFY",
             "params": {"username": "u001", "amount": "100.00"}}
            """;

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void decodesApprovalReached() {
        ApprovalReached event = decoder.approvalReached(bytes(APPROVAL));

        assertThat(event.eventId()).isEqualTo("e-1001");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(event.processInstanceId()).isEqualTo("PI-77");
        assertThat(event.processTitle()).isEqualTo("Expense claim #42");
        assertThat(event.nodeId()).isEqualTo("n-2");
        assertThat(event.nodeName()).isEqualTo("Manager approval");
        assertThat(event.initiator().memberId()).isEqualTo("u-7");
        assertThat(event.initiator().nick()).isEqualTo("Alice");
        assertThat(event.recipients().members()).containsExactly("u-1");
        assertThat(event.recipients().departments()).containsExactly("d-9");
        assertThat(event.recipients().roles()).containsExactly("finance");
        assertThat(event.recipients().phones()).isEmpty();
        assertThat(event.recipients().includeSubDepartments()).isTrue();
        assertThat(event.smsService()).isEqualTo("aliyun-main");
        assertThat(event.templateCode()).isEqualTo("SMS_123456789");
        assertThat(event.params()).containsExactly(Map.entry("deadline", "Friday"));
    }

    @Test
    void decodesApprovalCarbonCopied() {
        ApprovalCarbonCopied event = decoder.approvalCarbonCopied(bytes(APPROVAL));

        assertThat(event.eventId()).isEqualTo("e-1001");
        assertThat(event.initiator().nick()).isEqualTo("Alice");
        assertThat(event.recipients().members()).containsExactly("u-1");
        assertThat(event.templateCode()).isEqualTo("SMS_123456789");
    }

    @Test
    void decodesLoginCodeRequested() {
        LoginCodeRequested event = decoder.loginCodeRequested(bytes(LOGIN_CODE));

        assertThat(event.eventId()).isEqualTo("lc-9");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(event.phone()).isEqualTo("+8613800138000");
        assertThat(event.code()).isEqualTo("482913");
        assertThat(event.expiresAt()).isEqualTo(Instant.parse("2026-11-21T10:05:00Z"));
        assertThat(event.channel()).isEqualTo(Channel.SMS);
        assertThat(event.smsService()).isNull();
        assertThat(event.templateCode()).isEqualTo("SMS_LOGIN_1");
    }

    @Test
    void decodesSmsNotificationRequested() {
        SmsNotificationRequested event = decoder.smsNotificationRequested(bytes(NOTIFY));

        assertThat(event.eventId()).isEqualTo("n-5");
        assertThat(event.recipients().departments()).containsExactly("d-1");
        assertThat(event.recipients().phones()).containsExactly("13700137000");
        assertThat(event.recipients().includeSubDepartments()).isTrue();
        assertThat(event.smsService()).isEqualTo("tencent-main");
        assertThat(event.templateCode()).isEqualTo("ORDER_NOTIFY");
        assertThat(event.params()).containsOnly(Map.entry("username", "u001"), Map.entry("amount", "100.00"));
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode json = tree(APPROVAL);
        json.put("priority", "high");
        json.putObject("tracing").put("traceId", "abc").putArray("spans").add(1);
        ((ObjectNode) json.get("initiator")).put("avatar", "https://example.com/a.png");

        ApprovalReached event = decoder.approvalReached(bytes(json));

        assertThat(event.eventId()).isEqualTo("e-1001");
        assertThat(event.initiator().nick()).isEqualTo("Alice");
    }

    @Test
    void defaultsOptionalFields() {
        ObjectNode json = tree(APPROVAL);
        json.remove(List.of("nodeId", "nodeName", "smsService", "params"));
        ((ObjectNode) json.get("recipients")).removeAll();

        ApprovalReached event = decoder.approvalReached(bytes(json));

        assertThat(event.smsService()).isNull();
        assertThat(event.params()).isEmpty();
        assertThat(event.recipients().isEmpty()).isTrue();
        assertThat(event.recipients().includeSubDepartments()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "occurredAt", "processInstanceId", "processTitle", "initiator",
            "initiator.nick", "recipients", "templateCode"})
    void rejectsApprovalWithoutARequiredField(String field) {
        ObjectNode json = tree(APPROVAL);
        remove(json, field);

        assertInvalid(() -> decoder.approvalReached(bytes(json)), "missing required field " + field);
        assertInvalid(() -> decoder.approvalCarbonCopied(bytes(json)), "missing required field " + field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "processInstanceId", "processTitle", "initiator.nick", "templateCode"})
    void treatsABlankRequiredFieldAsMissing(String field) {
        ObjectNode json = tree(APPROVAL);
        parentOf(json, field).put(leafOf(field), "   ");

        assertInvalid(() -> decoder.approvalReached(bytes(json)), "missing required field " + field);
    }

    @Test
    void namesEveryMissingFieldInOneReason() {
        assertInvalid(() -> decoder.approvalReached(bytes("{}")), "missing required fields eventId, occurredAt, "
                + "processInstanceId, processTitle, initiator, recipients, templateCode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "occurredAt", "phone", "code", "expiresAt", "templateCode"})
    void rejectsLoginCodeWithoutARequiredField(String field) {
        ObjectNode json = tree(LOGIN_CODE);
        json.remove(field);

        assertInvalid(() -> decoder.loginCodeRequested(bytes(json)), "missing required field " + field);
    }

    @Test
    void needsNoTemplateForAVoiceCode() {
        ObjectNode json = tree(LOGIN_CODE);
        json.put("channel", "voice");
        json.remove("templateCode");

        LoginCodeRequested event = decoder.loginCodeRequested(bytes(json));

        assertThat(event.channel()).isEqualTo(Channel.VOICE);
        assertThat(event.templateCode()).isNull();
    }

    @Test
    void needsATemplateForAnSmsCodeAlsoWhenTheChannelIsLeftOut() {
        ObjectNode json = tree(LOGIN_CODE);
        json.remove(List.of("channel", "templateCode"));

        assertInvalid(() -> decoder.loginCodeRequested(bytes(json)), "missing required field templateCode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "occurredAt", "recipients", "templateCode"})
    void rejectsNotificationWithoutARequiredField(String field) {
        ObjectNode json = tree(NOTIFY);
        json.remove(field);

        assertInvalid(() -> decoder.smsNotificationRequested(bytes(json)), "missing required field " + field);
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertInvalid(() -> decoder.approvalReached(new byte[0]), "empty record value: expected a JSON ApprovalReached");
        assertInvalid(() -> decoder.loginCodeRequested(null), "empty record value: expected a JSON LoginCodeRequested");
    }

    @Test
    void rejectsJsonNull() {
        assertInvalid(() -> decoder.smsNotificationRequested(bytes("null")),
                "record value is JSON null: expected a SmsNotificationRequested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "[]", "\"e-1001\"", "42", "true", "  "})
    void rejectsJsonThatIsNotAnObject(String json) {
        assertInvalid(() -> decoder.approvalReached(bytes(json)), "JSON does not have the shape of a ApprovalReached");
    }

    @Test
    void refusesAnOversizedEventIdNamingTheFieldAndItsLimitButNotTheValue() {
        String eventId = "e".repeat(6_000);
        PermanentDeliveryFailure failure = invalid(() -> decoder.loginCodeRequested(
                bytes(LOGIN_CODE.replace("\"lc-9\"", "\"" + eventId + "\""))));

        assertThat(failure.reason())
                .isEqualTo("eventId must be 1-128 visible ASCII characters, no spaces (it has 6000 characters)");
    }

    @Test
    void refusesControlCharactersWhereTheyCouldForgeALogLine() {
        assertInvalid(() -> decoder.smsNotificationRequested(bytes(NOTIFY.replace("ORDER_NOTIFY",
                        "ORDER\\r\\nALERT fake"))),
                "templateCode must be 1-64 letters, digits, '_', '.', ':' or '-'");
        assertInvalid(() -> decoder.smsNotificationRequested(bytes(NOTIFY.replace("\"d-1\"", "\"d\\n1\""))),
                "recipients.departments[0] must be 1-128 characters, no control characters");
    }

    @Test
    void refusesTooManyRecipientsAndOversizedParameters() {
        String phones = String.join(",", java.util.Collections.nCopies(10_001, "\"13700137000\""));
        assertInvalid(() -> decoder.smsNotificationRequested(bytes(NOTIFY.replace("\"13700137000\"", phones))),
                "recipients.phones may name at most 10000 entries (it has 10001)");
        assertInvalid(() -> decoder.smsNotificationRequested(bytes(NOTIFY.replace("\"100.00\"",
                        "\"" + "9".repeat(513) + "\""))),
                "params.amount must be at most 512 characters without control characters (it has 513)");
    }

    @Test
    void refusesALoginCodeThatIsNotShortLettersOrDigits() {
        assertInvalid(() -> decoder.loginCodeRequested(bytes(LOGIN_CODE.replace("482913", "48 29 13"))),
                "code must be 1-16 letters or digits");
    }

    @Test
    void keepsAShortInvalidNumberForTheLedgerToSkip() {
        assertThat(decoder.smsNotificationRequested(bytes(NOTIFY.replace("13700137000", "abc")))
                .recipients().phones()).containsExactly("abc");
    }

    @Test
    void rejectsGarbageBytesWithTheirPosition() {
        byte[] garbage = {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff};

        assertInvalid(() -> decoder.approvalReached(garbage), "not valid JSON (line 1, column 1)");
    }

    @Test
    void rejectsTruncatedJson() {
        PermanentDeliveryFailure failure = invalid(() -> decoder.approvalReached(bytes("{\"eventId\": \"e-1")));

        assertThat(failure.reason()).startsWith("not valid JSON (line 1, column ");
    }

    @Test
    void rejectsATrailingSecondDocument() {
        assertInvalid(() -> decoder.approvalReached(bytes(APPROVAL + " {\"eventId\": \"e-1002\"}")),
                "JSON does not have the shape of a ApprovalReached");
    }

    @Test
    void rejectsPayloadsLargerThanTheLimitBeforeParsing() {
        byte[] tooLarge = new byte[EventDecoder.MAX_PAYLOAD_BYTES + 1];
        Arrays.fill(tooLarge, (byte) '{');

        assertInvalid(() -> decoder.approvalReached(tooLarge), "record value of " + (EventDecoder.MAX_PAYLOAD_BYTES + 1)
                + " bytes exceeds the " + EventDecoder.MAX_PAYLOAD_BYTES + "-byte limit for an event");
    }

    @Test
    void acceptsAPayloadOfExactlyTheLimit() {
        byte[] json = bytes(APPROVAL.strip());
        byte[] padded = Arrays.copyOf(json, EventDecoder.MAX_PAYLOAD_BYTES);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');

        assertThat(decoder.approvalReached(padded).eventId()).isEqualTo("e-1001");
    }

    @Test
    void namesAFieldOfTheWrongType() {
        ObjectNode recipientsAsText = tree(APPROVAL);
        recipientsAsText.put("recipients", "x");
        ObjectNode occurredAtAsBoolean = tree(APPROVAL);
        occurredAtAsBoolean.put("occurredAt", true);
        ObjectNode occurredAtAsObject = tree(APPROVAL);
        occurredAtAsObject.putObject("occurredAt").put("epochSecond", 12);
        ObjectNode initiatorAsText = tree(APPROVAL);
        initiatorAsText.put("initiator", "Alice");
        ObjectNode paramsAsArray = tree(APPROVAL);
        paramsAsArray.putArray("params").add("Friday");

        assertInvalid(() -> decoder.approvalReached(bytes(recipientsAsText)),
                "field 'recipients' has the wrong type or value in ApprovalReached");
        assertInvalid(() -> decoder.approvalReached(bytes(occurredAtAsBoolean)),
                "field 'occurredAt' has the wrong type or value in ApprovalReached");
        assertInvalid(() -> decoder.approvalReached(bytes(occurredAtAsObject)),
                "field 'occurredAt' has the wrong type or value in ApprovalReached");
        assertInvalid(() -> decoder.approvalReached(bytes(initiatorAsText)),
                "field 'initiator' has the wrong type or value in ApprovalReached");
        assertInvalid(() -> decoder.approvalReached(bytes(paramsAsArray)),
                "field 'params' has the wrong type or value in ApprovalReached");
    }

    @Test
    void namesTheFullPathOfANestedFieldOfTheWrongType() {
        ObjectNode memberAsObject = tree(NOTIFY);
        ((ObjectNode) memberAsObject.get("recipients")).putArray("phones").add("13700137000").addObject().put("x", 1);
        ObjectNode membersAsText = tree(NOTIFY);
        ((ObjectNode) membersAsText.get("recipients")).put("members", "u-1");

        assertInvalid(() -> decoder.smsNotificationRequested(bytes(memberAsObject)),
                "field 'recipients.phones[1]' has the wrong type or value in SmsNotificationRequested");
        assertInvalid(() -> decoder.smsNotificationRequested(bytes(membersAsText)),
                "field 'recipients.members' has the wrong type or value in SmsNotificationRequested");
    }

    @Test
    void neverRepeatsALoginCodeOfTheWrongType() {
        ObjectNode json = tree(LOGIN_CODE);
        json.putObject("code").put("x", "482913");

        PermanentDeliveryFailure failure = invalid(() -> decoder.loginCodeRequested(bytes(json)));

        assertThat(failure.reason()).isEqualTo("field 'code' has the wrong type or value in LoginCodeRequested")
                .doesNotContain("482913");
    }

    @Test
    void neverRepeatsAnUnknownChannel() {
        ObjectNode json = tree(LOGIN_CODE);
        json.put("channel", "482913");

        PermanentDeliveryFailure failure = invalid(() -> decoder.loginCodeRequested(bytes(json)));

        assertThat(failure.reason()).isEqualTo("field 'channel' has the wrong type or value in LoginCodeRequested")
                .doesNotContain("482913");
    }

    @Test
    void neverRepeatsAnExpiryThatIsNotAnInstant() {
        ObjectNode json = tree(LOGIN_CODE);
        json.put("expiresAt", "48:29:13 tomorrow");

        PermanentDeliveryFailure failure = invalid(() -> decoder.loginCodeRequested(bytes(json)));

        assertThat(failure.reason()).isEqualTo("field 'expiresAt' has the wrong type or value in LoginCodeRequested")
                .doesNotContain("48:29:13");
    }

    @Test
    void rejectsInstantsThatAreNumbersOrDigitStringsInsteadOfReadingThemAsEpochSeconds() {
        ObjectNode expiryAsDigits = tree(LOGIN_CODE);
        expiryAsDigits.put("expiresAt", "482913");
        ObjectNode occurredAtAsNumber = tree(APPROVAL);
        occurredAtAsNumber.put("occurredAt", 12);

        assertThat(invalid(() -> decoder.loginCodeRequested(bytes(expiryAsDigits))).reason())
                .isEqualTo("field 'expiresAt' has the wrong type or value in LoginCodeRequested")
                .doesNotContain("482913");
        assertInvalid(() -> decoder.approvalReached(bytes(occurredAtAsNumber)),
                "field 'occurredAt' has the wrong type or value in ApprovalReached");
    }

    @Test
    void acceptsInstantsWithAnOffset() {
        ObjectNode json = tree(LOGIN_CODE);
        json.put("expiresAt", "2026-11-21T18:05:00+08:00");

        assertThat(decoder.loginCodeRequested(bytes(json)).expiresAt())
                .isEqualTo(java.time.Instant.parse("2026-11-21T10:05:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"phone\": +8613800138000, \"code\": \"482913\"}",
            "{\"phone\": \"+8613800138000\" \"code\": \"482913\"}",
            "{\"phone\": \"+8613800138000\", \"code\": 482913x}",
            "{\"code\": \"482913\", \"phone\": \"+86138001380"})
    void neverRepeatsAPhoneOrCodeFromInvalidJson(String json) {
        PermanentDeliveryFailure failure = invalid(() -> decoder.loginCodeRequested(bytes(json)));

        assertThat(failure.reason()).startsWith("not valid JSON (line 1, column ")
                .doesNotContain("138").doesNotContain("482913");
    }

    private static void assertInvalid(ThrowingCallable decoding, String reason) {
        assertThat(invalid(decoding).reason()).isEqualTo(reason);
    }

    private static PermanentDeliveryFailure invalid(ThrowingCallable decoding) {
        InvalidEvent failure = catchThrowableOfType(InvalidEvent.class, decoding);
        assertThat(failure).as("decoding fails with InvalidEvent").isNotNull();
        assertThat(failure).isInstanceOf(PermanentDeliveryFailure.class);
        assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(failure.errorCode().code()).isEqualTo("46001");
        return failure;
    }

    private static ObjectNode tree(String json) {
        return (ObjectNode) EventJson.mapper().readTree(json);
    }

    private static void remove(ObjectNode json, String path) {
        parentOf(json, path).remove(leafOf(path));
    }

    private static ObjectNode parentOf(ObjectNode json, String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? json : (ObjectNode) json.get(path.substring(0, dot));
    }

    private static String leafOf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ObjectNode json) {
        return EventJson.mapper().writeValueAsBytes(json);
    }
}
