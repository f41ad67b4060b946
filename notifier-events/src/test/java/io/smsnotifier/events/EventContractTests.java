package io.smsnotifier.events;

import com.networknt.schema.Error;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The event contract (README, docs/ARCHITECTURE.md): its examples, the JSON Schemas other languages' producers
 * read, and the records Java producers and the worker use must agree.
 */
class EventContractTests {

    /** Fields the records fill in when they are absent, with the value they take. */
    private static final Map<String, JsonNode> DEFAULTS = Map.of(
            "includeSubDepartments", JsonNodeFactory.instance.booleanNode(true),
            "active", JsonNodeFactory.instance.booleanNode(true),
            "channel", JsonNodeFactory.instance.stringNode("sms"));

    static Stream<String> topics() {
        return ContractSchemas.TYPES.keySet().stream().sorted();
    }

    static Stream<Arguments> requiredFields() {
        List<Arguments> fields = new ArrayList<>();
        for (String topic : List.of(Topics.APPROVAL_REACHED, Topics.APPROVAL_CC)) {
            for (String field : List.of("eventId", "occurredAt", "processInstanceId", "processTitle", "initiator",
                    "recipients", "templateCode", "initiator/nick")) {
                fields.add(arguments(topic, field));
            }
        }
        for (String field : List.of("eventId", "occurredAt", "phone", "code", "expiresAt", "templateCode")) {
            fields.add(arguments(Topics.LOGIN_CODE, field));
        }
        for (String field : List.of("eventId", "occurredAt", "recipients", "templateCode")) {
            fields.add(arguments(Topics.SMS_NOTIFY, field));
        }
        fields.add(arguments(Topics.DIRECTORY_MEMBERS, "memberId"));
        fields.add(arguments(Topics.DIRECTORY_DEPARTMENTS, "departmentId"));
        for (String field : List.of("eventId", "kind", "phone", "status", "attempt", "at")) {
            fields.add(arguments(Topics.DELIVERY, field));
        }
        return fields.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void designExampleValidatesAndRoundTripsThroughItsRecord(String topic) {
        JsonNode example = ContractSchemas.example(topic);
        assertThat(ContractSchemas.validate(topic, example)).isEmpty();

        Object event = EventJson.mapper().treeToValue(example, ContractSchemas.TYPES.get(topic));
        JsonNode written = EventJson.mapper().valueToTree(event);

        assertSameModuloDefaults(topic, example, written);
        assertThat(ContractSchemas.validate(topic, written)).as("the record's own JSON").isEmpty();
        assertThat(EventJson.mapper().treeToValue(written, ContractSchemas.TYPES.get(topic))).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void exampleWithoutARequiredFieldFailsNamingIt(String topic, String field) {
        JsonNode example = ContractSchemas.example(topic);
        String[] path = field.split("/");
        ObjectNode parent = (ObjectNode) (path.length == 1 ? example : example.get(path[0]));
        parent.remove(path[path.length - 1]);

        List<Error> errors = ContractSchemas.validate(topic, example);

        assertThat(errors).isNotEmpty();
        assertThat(errors).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("'" + path[path.length - 1] + "'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void unknownFieldsAreAcceptedBySchemaAndRecord(String topic) {
        ObjectNode example = (ObjectNode) ContractSchemas.example(topic);
        Object expected = EventJson.mapper().treeToValue(example, ContractSchemas.TYPES.get(topic));
        example.put("addedInAFutureVersion", "x");
        example.putObject("futureObject").put("nested", 1);
        if (example.get("recipients") instanceof ObjectNode recipients) {
            recipients.put("groups", "g-1");
        }

        assertThat(ContractSchemas.validate(topic, example)).isEmpty();
        assertThat(EventJson.mapper().treeToValue(example, ContractSchemas.TYPES.get(topic))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void optionalFieldsMayBeNullAsTheRecordsWriteThem(String topic) {
        ObjectNode example = (ObjectNode) ContractSchemas.example(topic);
        List<String> required = new ArrayList<>();
        ContractSchemas.schemaJson(topic).get("required").forEach(name -> required.add(name.asString()));
        List<String> optional = new ArrayList<>(example.propertyNames());
        optional.removeAll(required);
        optional.remove("templateCode"); // required for an SMS login code, see loginCode* below
        optional.forEach(example::putNull);

        assertThat(ContractSchemas.validate(topic, example)).as("with %s null", optional).isEmpty();
        Object event = EventJson.mapper().treeToValue(example, ContractSchemas.TYPES.get(topic));
        assertThat(ContractSchemas.validate(topic, EventJson.mapper().valueToTree(event))).isEmpty();
    }

    @Test
    void loginCodeByVoiceNeedsNoTemplate() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        example.put("channel", "voice");
        example.remove("templateCode");

        assertThat(ContractSchemas.validate(Topics.LOGIN_CODE, example)).isEmpty();
        LoginCodeRequested event = EventJson.mapper().treeToValue(example, LoginCodeRequested.class);
        assertThat(event.channel()).isEqualTo(Channel.VOICE);
        assertThat(event.templateCode()).isNull();
    }

    @Test
    void loginCodeBySmsNeedsATemplate() {
        ObjectNode bySms = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        bySms.remove("templateCode");
        ObjectNode byDefault = bySms.deepCopy();
        byDefault.remove("channel");
        ObjectNode withNullTemplate = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        withNullTemplate.putNull("templateCode");

        for (ObjectNode event : List.of(bySms, byDefault, withNullTemplate)) {
            assertThat(ContractSchemas.validate(Topics.LOGIN_CODE, event)).as(event.toString())
                    .extracting(Error::toString)
                    .anySatisfy(message -> assertThat(message).contains("templateCode"));
        }
    }

    @Test
    void loginCodeWithoutChannelIsAnSmsCode() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        example.remove("channel");

        assertThat(ContractSchemas.validate(Topics.LOGIN_CODE, example)).isEmpty();
        assertThat(EventJson.mapper().treeToValue(example, LoginCodeRequested.class).channel())
                .isEqualTo(Channel.SMS);
    }

    @Test
    void loginCodeChannelIsSmsOrVoice() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        example.put("channel", "fax");

        assertThat(ContractSchemas.validate(Topics.LOGIN_CODE, example)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("channel"));
    }

    @Test
    void instantsMustBeDateTimes() {
        ObjectNode approval = (ObjectNode) ContractSchemas.example(Topics.APPROVAL_REACHED);
        approval.put("occurredAt", "yesterday");
        ObjectNode loginCode = (ObjectNode) ContractSchemas.example(Topics.LOGIN_CODE);
        loginCode.put("expiresAt", "2026-11-21 10:05");

        assertThat(ContractSchemas.validate(Topics.APPROVAL_REACHED, approval)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("occurredAt"));
        assertThat(ContractSchemas.validate(Topics.LOGIN_CODE, loginCode)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("expiresAt"));
    }

    @Test
    void eventIdMustNotBeEmpty() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.SMS_NOTIFY);
        example.put("eventId", "");

        assertThat(ContractSchemas.validate(Topics.SMS_NOTIFY, example)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("eventId"));
    }

    @Test
    void paramsAreStringsNumbersOrBooleans() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.SMS_NOTIFY);
        ObjectNode params = example.putObject("params").put("username", "u001").put("amount", 100.5).put("vip", true);

        assertThat(ContractSchemas.validate(Topics.SMS_NOTIFY, example)).isEmpty();
        assertThat(EventJson.mapper().treeToValue(example, SmsNotificationRequested.class).params())
                .containsEntry("amount", "100.5").containsEntry("vip", "true");

        params.putObject("nested");
        assertThat(ContractSchemas.validate(Topics.SMS_NOTIFY, example)).extracting(Error::toString)
                .anySatisfy(message -> assertThat(message).contains("nested"));
    }

    @Test
    void deliveryStatusIsOneOfTheOutcomesAndNeverALedgerState() {
        ObjectNode example = (ObjectNode) ContractSchemas.example(Topics.DELIVERY);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            example.put("status", status.name());
            assertThat(ContractSchemas.validate(Topics.DELIVERY, example)).as(status.name()).isEmpty();
        }
        // The ledger's open states (PENDING, UNKNOWN) are never published.
        for (String state : new String[] {"PENDING", "UNKNOWN", "OPENED"}) {
            example.put("status", state);
            assertThat(ContractSchemas.validate(Topics.DELIVERY, example)).as(state).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void schemaIsDraft202012WithIdTitleAndDescribedProperties(String topic) {
        JsonNode schema = ContractSchemas.schemaJson(topic);

        assertThat(ContractSchemas.validateAgainstMetaSchema(schema)).isEmpty();
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asString()).endsWith("/" + topic + ".schema.json");
        assertThat(schema.get("title").asString()).isEqualTo(ContractSchemas.TYPES.get(topic).getSimpleName());
        assertThat(schema.has("additionalProperties")).as("forward compatible").isFalse();
        assertEveryPropertyDescribed(topic, schema);
    }

    @Test
    void recordsWrittenByJavaProducersValidate() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        Map<String, Object> events = Map.of(
                Topics.APPROVAL_REACHED, new ApprovalReached("e-1", now, "PI-1", "Trip", null, null,
                        new Initiator(null, "Alice"), Recipients.ofMembers("u-1"), null, "SMS_APPROVAL", null),
                Topics.APPROVAL_CC, new ApprovalCarbonCopied("e-2", now, "PI-1", "Trip", null, null,
                        new Initiator("u-7", "Alice"), Recipients.ofPhones("13700137000"), null, "SMS_APPROVAL_CC",
                        null),
                Topics.LOGIN_CODE, new LoginCodeRequested("e-3", now, "+8613800138000", "123456",
                        now.plusSeconds(300), Channel.VOICE, null, null),
                Topics.SMS_NOTIFY, new SmsNotificationRequested("e-4", now, Recipients.ofMembers("u-1"), null,
                        "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")),
                Topics.DIRECTORY_MEMBERS, new MemberUpdated("u-3", "Dave", null, null, null, null),
                Topics.DIRECTORY_DEPARTMENTS, new DepartmentUpdated("d-1", null, "Head office"),
                Topics.DELIVERY, new SmsDelivered("e-1", Topics.APPROVAL_REACHED, "u-3", null,
                        DeliveryStatus.SKIPPED, null, null, "46001", null, 1, now));

        assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(ContractSchemas.TYPES.keySet());
        events.forEach((topic, event) -> assertThat(
                ContractSchemas.validate(topic, EventJson.mapper().valueToTree(event))).as(topic).isEmpty());
    }

    private static void assertEveryPropertyDescribed(String where, JsonNode schema) {
        JsonNode properties = schema.path("properties");
        for (String name : properties.propertyNames()) {
            JsonNode property = properties.get(name);
            assertThat(property.path("description").asString("")).as(where + "." + name + " description")
                    .isNotBlank();
            if (property.has("properties")) {
                assertEveryPropertyDescribed(where + "." + name, property);
            }
        }
    }

    /**
     * What the record writes holds every field of the example with the same value; what it adds is null, empty
     * or a documented default.
     */
    private static void assertSameModuloDefaults(String path, JsonNode example, JsonNode written) {
        if (example instanceof ObjectNode expectedObject) {
            assertThat(written.isObject()).as(path).isTrue();
            for (String name : expectedObject.propertyNames()) {
                assertThat(written.has(name)).as(path + "." + name + " written").isTrue();
                assertSameModuloDefaults(path + "." + name, expectedObject.get(name), written.get(name));
            }
            for (String name : written.propertyNames()) {
                if (!expectedObject.has(name)) {
                    JsonNode added = written.get(name);
                    boolean nullOrEmpty = added.isNull() || (added.isContainer() && added.isEmpty());
                    assertThat(nullOrEmpty || added.equals(DEFAULTS.get(name)))
                            .as(path + "." + name + " added as " + added).isTrue();
                }
            }
        }
        else if (example instanceof ArrayNode expectedArray) {
            assertThat(written.isArray()).as(path).isTrue();
            assertThat(written.size()).as(path + " size").isEqualTo(expectedArray.size());
            for (int i = 0; i < expectedArray.size(); i++) {
                assertSameModuloDefaults(path + "[" + i + "]", expectedArray.get(i), written.get(i));
            }
        }
        else {
            assertThat(written).as(path).isEqualTo(example);
        }
    }
}
