package io.smsnotifier.events;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas of {@code src/main/resources/schemas/} and the contract's examples, for tests. */
final class ContractSchemas {

    /** Every topic with a schema, and the type its JSON maps to. */
    static final Map<String, Class<?>> TYPES = Map.of(
            Topics.APPROVAL_REACHED, ApprovalReached.class,
            Topics.APPROVAL_CC, ApprovalCarbonCopied.class,
            Topics.LOGIN_CODE, LoginCodeRequested.class,
            Topics.SMS_NOTIFY, SmsNotificationRequested.class,
            Topics.DIRECTORY_MEMBERS, MemberUpdated.class,
            Topics.DIRECTORY_DEPARTMENTS, DepartmentUpdated.class,
            Topics.DELIVERY, SmsDelivered.class);

    // format (date-time) is only an annotation in draft 2020-12 unless assertions are switched on.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build()));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    static String schemaResource(String topic) {
        return "/schemas/" + topic + ".schema.json";
    }

    static JsonNode schemaJson(String topic) {
        return read(schemaResource(topic));
    }

    static Schema schema(String topic) {
        return SCHEMAS.computeIfAbsent(topic, key -> REGISTRY.getSchema(schemaJson(key)));
    }

    static List<Error> validate(String topic, JsonNode json) {
        return schema(topic).validate(json);
    }

    /** Validates a schema document against the draft 2020-12 meta-schema. */
    static List<Error> validateAgainstMetaSchema(JsonNode schemaDocument) {
        return REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()))
                .validate(schemaDocument);
    }

    /** The contract's example of a topic ({@code src/test/resources/examples/}), a fresh copy each time. */
    static JsonNode example(String topic) {
        return read("/examples/" + topic + ".json");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            return EventJson.mapper().readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
