package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3 of docs/RELIABILITY.md: 1,000 malformed or invalid events among 10,000 good ones. Every good one is
 * delivered, every bad one is dead-lettered (or, for invalid numbers, settled SKIPPED) with its reason, and the
 * partitions never stall.
 */
class FaultMalformedEventsTests extends FaultTestBase {

    private static final int GOOD = 10_000;
    /** Under the broker's default {@code max.message.bytes} (1 MiB), so any producer with defaults can send it. */
    private static final int OVERSIZE_BYTES = 900 * 1024;

    /** A kind of bad event: how many, how to make one, and the reason its dead letter must give. */
    private record Bad(String kind, int count, IntFunction<byte[]> value, Pattern reason) {
    }

    @Test
    void malformedAndInvalidEventsAmongGoodOnesAreDeadLetteredOrSkippedWithTheirReasonWithoutStalling() {
        resetSimulators();
        awaitAllServicesInRotation();
        resetSimulators();
        String prefix = "f3-" + UUID.randomUUID() + "-";
        String padding = "x".repeat(OVERSIZE_BYTES);
        List<Bad> deadLettered = List.of(
                new Bad("bad JSON", 200, i -> bytes(switch (i % 4) {
                    case 0 -> "{\"eventId\": \"" + prefix + "bad-json-" + i + "\", \"occurredAt\": ";
                    case 1 -> "not json at all " + i;
                    case 2 -> "{'eventId': 'single-quoted-" + i + "'}";
                    default -> "{\"eventId\": \"e" + i + "\", \"recipients\": {\"phones\": [\"1370";
                }), Pattern.compile("not valid JSON \\(line \\d+, column \\d+\\)")),
                new Bad("wrong types", 200, i -> bytes(switch (i % 4) {
                    case 0 -> "{\"eventId\": \"e" + i + "\", \"occurredAt\": \"2026-11-21T10:00:00Z\", "
                            + "\"recipients\": \"13700000000\", \"templateCode\": \"FAULT_NOTICE\"}";
                    case 1 -> "{\"eventId\": \"e" + i + "\", \"occurredAt\": \"yesterday\", "
                            + "\"recipients\": {\"phones\": [\"13700000000\"]}, \"templateCode\": \"FAULT_NOTICE\"}";
                    case 2 -> "{\"eventId\": \"e" + i + "\", \"occurredAt\": \"2026-11-21T10:00:00Z\", "
                            + "\"recipients\": {\"phones\": [\"13700000000\"]}, \"templateCode\": \"FAULT_NOTICE\", "
                            + "\"params\": [\"Ann\", \"A-1\"]}";
                    default -> "[\"eventId\", \"e" + i + "\"]";
                }), Pattern.compile("field '[\\w.\\[\\]]+' has the wrong type or value in SmsNotificationRequested"
                        + "|JSON does not have the shape of a SmsNotificationRequested")),
                new Bad("unknown template", 150, i -> event(prefix + "unknown-template-" + i, "NO_SUCH_TEMPLATE_" + (i % 7),
                        "\"name\": \"Ann\", \"order\": \"A-1\"", ""),
                        Pattern.compile("unknown template 'NO_SUCH_TEMPLATE_\\d': register it under notifier.templates or through /api/sms/templates")),
                new Bad("missing parameters", 150, i -> event(prefix + "missing-params-" + i, TEMPLATE,
                        i % 2 == 0 ? "\"name\": \"Ann\"" : "", ""),
                        Pattern.compile("template 'FAULT_NOTICE' is missing parameters \\[(name, )?order]")),
                new Bad("~900 KB payload", 100, i -> event(prefix + "oversize-" + i, TEMPLATE,
                        "\"name\": \"Ann\", \"order\": \"A-1\"", ", \"padding\": \"" + padding + "\""),
                        Pattern.compile("record value of 9\\d{5} bytes exceeds the 262144-byte limit for an event")));
        int invalidNumberEvents = 200;
        List<String> invalidNumbers = List.of("12345", "abc", "+999 123", "1380013800");

        Random random = new Random(20261122);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> goodNumbers = new HashSet<>();
        for (int i = 0; i < GOOD; i++) {
            String number = phone(3, i);
            goodNumbers.add(number);
            records.add(record(notice(prefix + "good-" + i, List.of(number))));
        }
        for (Bad bad : deadLettered) {
            for (int i = 0; i < bad.count(); i++) {
                records.add(record(prefix + key(bad.kind()) + "-" + i, bad.value().apply(i)));
            }
        }
        // An invalid number beside a valid one: the invalid one is SKIPPED, the valid one still goes out.
        Set<String> validBesideInvalid = new HashSet<>();
        for (int i = 0; i < invalidNumberEvents; i++) {
            String valid = phone(6, i);
            validBesideInvalid.add(valid);
            records.add(record(notice(prefix + "invalid-number-" + i,
                    List.of(invalidNumbers.get(i % invalidNumbers.size()), valid))));
        }
        Collections.shuffle(records, random);
        int expectedSent = GOOD + invalidNumberEvents;
        int expectedDeadLetters = deadLettered.stream().mapToInt(Bad::count).sum();

        long started = System.nanoTime();
        publishAll(records);
        long published = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == expectedSent);
        Duration allSent = Duration.ofNanos(System.nanoTime() - started);
        Duration drained = awaitDrained(Duration.ofSeconds(60));
        Duration total = Duration.ofNanos(System.nanoTime() - started);

        List<ConsumerRecord<String, byte[]>> letters = deadLetters(prefix);
        Map<String, Integer> ledger = ledgerStatuses(prefix);
        Map<String, Integer> skippedReasons = new TreeMap<>();
        jdbc.query("select reason, count(*) from deliveries where event_id like ? and status = 'SKIPPED' group by reason",
                rs -> {
                    skippedReasons.put(rs.getString(1), rs.getInt(2));
                }, prefix + "%");
        Map<String, Integer> accepted = acceptedPerNumber(number -> goodNumbers.contains(number)
                || validBesideInvalid.contains(number));
        List<SmsDelivered> outcomes = outcomes(prefix);

        Map<String, List<ConsumerRecord<String, byte[]>>> lettersByKind = new LinkedHashMap<>();
        for (Bad bad : deadLettered) {
            lettersByKind.put(bad.kind(), letters.stream()
                    .filter(letter -> letter.key().startsWith(prefix + key(bad.kind()) + "-")).toList());
        }
        print("3", "records=" + records.size() + " (" + GOOD + " good, " + (expectedDeadLetters + invalidNumberEvents)
                + " bad, shuffled) published in " + Duration.ofNanos(published - started).toMillis() + "ms; "
                + expectedSent + " SMS SENT after " + allSent.toMillis() + "ms, everything committed after "
                + total.toMillis() + "ms (drain +" + drained.toMillis() + "ms) = "
                + Math.round(records.size() * 1000.0 / total.toMillis()) + " records/s");
        print("3", "| kind | events | dead letters | error code | reasons (distinct) |");
        for (Bad bad : deadLettered) {
            List<ConsumerRecord<String, byte[]>> ofKind = lettersByKind.get(bad.kind());
            print("3", "| " + bad.kind() + " | " + bad.count() + " | " + ofKind.size() + " | "
                    + histogram(ofKind.stream().map(l -> header(l, "notifier-error-code")).toList()) + " | "
                    + ofKind.stream().map(l -> header(l, "notifier-reason").replaceAll("\\d+", "N")).distinct().sorted()
                    .collect(Collectors.joining("; ")) + " |");
        }
        print("3", "| invalid number (+1 valid) | " + invalidNumberEvents + " | " + letters.stream()
                .filter(l -> l.key().startsWith(prefix + "invalid-number-")).count() + " | - | SKIPPED " + skippedReasons
                + " |");
        print("3", "ledger=" + ledger + " outcomes=" + histogram(outcomes.stream().map(o -> o.status().name()).toList())
                + " accepted aliyun=" + aliyunAccepted().size() + " tencent=" + tencentAccepted().size()
                + " timesPerNumber=" + histogram(List.copyOf(accepted.values())) + " dead letters in all="
                + letters.size());

        assertThat(ledger).containsExactly(Map.entry("SENT", expectedSent), Map.entry("SKIPPED", invalidNumberEvents));
        assertThat(accepted).hasSize(expectedSent);
        assertThat(accepted.values()).as("each number accepted exactly once").containsOnly(1);
        assertThat(outcomes).hasSize(expectedSent + invalidNumberEvents);
        assertThat(outcomes.stream().filter(o -> o.status() == DeliveryStatus.SKIPPED))
                .hasSize(invalidNumberEvents)
                .allSatisfy(o -> assertThat(o.eventId()).startsWith(prefix + "invalid-number-"));
        assertThat(skippedReasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(invalidNumberEvents);
        assertThat(letters).hasSize(expectedDeadLetters);
        for (Bad bad : deadLettered) {
            assertThat(lettersByKind.get(bad.kind())).as(bad.kind()).hasSize(bad.count()).allSatisfy(letter -> {
                assertThat(header(letter, "notifier-error-code")).isEqualTo("46001");
                assertThat(header(letter, "notifier-reason")).matches(bad.reason());
                assertThat(header(letter, "notifier-attempts")).isEqualTo("1");
            });
        }
        assertThat(total).as("drain time").isLessThan(Duration.ofMinutes(2));
    }

    private static String key(String kind) {
        return kind.replaceAll("[^a-zA-Z]+", "-").replaceAll("^-|-$", "").toLowerCase();
    }

    private static byte[] event(String eventId, String templateCode, String params, String extra) {
        return bytes("{\"eventId\": \"" + eventId + "\", \"occurredAt\": \"2026-11-21T10:00:00Z\", "
                + "\"recipients\": {\"phones\": [\"13700000000\"]}, \"templateCode\": \"" + templateCode + "\", "
                + "\"params\": {" + params + "}" + extra + "}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
