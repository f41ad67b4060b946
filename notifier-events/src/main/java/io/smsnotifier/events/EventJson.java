package io.smsnotifier.events;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The JSON mapping of the contract: camelCase, ISO-8601 instants, unknown fields ignored (forward compatible).
 * The mapper is immutable and thread-safe; share it.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()))
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Accepts only ISO-8601 date-times with an offset ({@code 2026-11-21T10:00:00Z}, {@code ...+08:00}). Jackson's
     * default also reads numbers and digit strings as epoch seconds, which would turn a mistyped
     * {@code expiresAt} into a date in 1970 instead of an error.
     */
    private static final class IsoInstantDeserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getString().strip();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw context.weirdStringException(text, Instant.class,
                        "expected an ISO-8601 instant such as 2026-11-21T10:00:00Z");
            }
        }
    }
}
