package io.smsnotifier.events;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Command line: publishes sample request events that the worker's local sample data (templates {@code SMS_APPROVAL},
 * {@code SMS_APPROVAL_CC}, {@code SMS_LOGIN_1}, {@code ORDER_NOTIFY}; members {@code u-1}, {@code u-2}) can deliver.
 * <pre>
 * ./mvnw -q -pl notifier-events exec:java -Dexec.args="[all|approval.reached|approval.cc|login.code|sms.notify] [--bootstrap-servers=host:port]"
 * </pre>
 * Prints one line per published event; never prints a login code. Exits with 1 if an event could not be published,
 * 2 on a usage error.
 */
public final class SampleEvents {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final List<String> KINDS = List.of(Topics.APPROVAL_REACHED, Topics.APPROVAL_CC, Topics.LOGIN_CODE,
            Topics.SMS_NOTIFY);

    private static final String BOOTSTRAP_OPTION = "--bootstrap-servers=";
    private static final Duration LOGIN_CODE_VALIDITY = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SampleEvents() {
    }

    public static void main(String[] args) {
        String kind = "all";
        String bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;
        for (String arg : args) {
            if (arg.startsWith(BOOTSTRAP_OPTION) && arg.length() > BOOTSTRAP_OPTION.length()) {
                bootstrapServers = arg.substring(BOOTSTRAP_OPTION.length());
            }
            else if (arg.equals("all") || KINDS.contains(arg)) {
                kind = arg;
            }
            else {
                usage(arg.equals("--help") || arg.equals("-h") ? System.out : System.err);
                System.exit(arg.equals("--help") || arg.equals("-h") ? 0 : 2);
                return;
            }
        }
        // Kafka clients log through SLF4J; keep a command-line run quiet unless asked otherwise (-D...).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        boolean allPublished = publish(samples(kind, Instant.now().truncatedTo(ChronoUnit.MILLIS), newLoginCode()), bootstrapServers);
        if (!allPublished) {
            System.exit(1);
        }
    }

    private static boolean publish(List<NotifierEvent> events, String bootstrapServers) {
        Map<String, Object> overrides = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "sample-events",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        boolean allPublished = true;
        try (EventPublisher publisher = new EventPublisher(bootstrapServers, overrides)) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (NotifierEvent event : events) {
                sent.add(publisher.publish(event));
            }
            for (int i = 0; i < events.size(); i++) {
                NotifierEvent event = events.get(i);
                try {
                    System.out.println(publishedLine(event, sent.get(i).get(30, TimeUnit.SECONDS)));
                }
                catch (ExecutionException | TimeoutException ex) {
                    Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
                    System.err.println("failed topic=" + event.defaultTopic() + " key=" + event.eventId()
                            + " bootstrapServers=" + bootstrapServers + " reason=" + cause);
                    allPublished = false;
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return allPublished;
    }

    static String publishedLine(NotifierEvent event, RecordMetadata metadata) {
        return "published topic=" + metadata.topic() + " key=" + event.eventId() + " partition="
                + metadata.partition() + " offset=" + metadata.offset();
    }

    /** The sample events of one kind, or of every kind for {@code all}, with eventIds unique to {@code now}. */
    static List<NotifierEvent> samples(String kind, Instant now, String loginCode) {
        return switch (kind) {
            case "all" -> KINDS.stream().map(each -> sample(each, now, loginCode)).toList();
            default -> List.of(sample(kind, now, loginCode));
        };
    }

    static NotifierEvent sample(String kind, Instant now, String loginCode) {
        String eventId = "sample-" + kind + "-" + now.toEpochMilli();
        Initiator alice = new Initiator("u-7", "Alice");
        return switch (kind) {
            case Topics.APPROVAL_REACHED -> new ApprovalReached(eventId, now, "PI-sample-1", "Expense claim #42",
                    "n-2", "Manager approval", alice, Recipients.ofMembers("u-1", "u-2"), null, "SMS_APPROVAL",
                    Map.of());
            case Topics.APPROVAL_CC -> new ApprovalCarbonCopied(eventId, now, "PI-sample-1", "Expense claim #42",
                    "n-3", "Finance CC", alice, Recipients.ofMembers("u-1", "u-2"), null, "SMS_APPROVAL_CC",
                    Map.of());
            case Topics.LOGIN_CODE -> new LoginCodeRequested(eventId, now, "+8613800138000", loginCode,
                    now.plus(LOGIN_CODE_VALIDITY), Channel.SMS, null, "SMS_LOGIN_1");
            case Topics.SMS_NOTIFY -> new SmsNotificationRequested(eventId, now,
                    new Recipients(List.of("u-1"), null, null, List.of("13700137000"), null), null, "ORDER_NOTIFY",
                    Map.of("username", "u001", "amount", "100.00"));
            default -> throw new IllegalArgumentException("unknown kind \"" + kind + "\"; one of " + KINDS);
        };
    }

    private static String newLoginCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    private static void usage(PrintStream out) {
        out.println("usage: SampleEvents [all|" + String.join("|", KINDS) + "] [" + BOOTSTRAP_OPTION + "host:port]");
        out.println("  publishes sample events (default: all) to Kafka (default: " + DEFAULT_BOOTSTRAP_SERVERS + ")");
    }
}
