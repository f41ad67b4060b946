package io.smsnotifier.worker.receipts;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.TemplateReviewsPushed;
import io.smsnotifier.worker.support.Cidr;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /receipts/{type}/{service}/{secret}}: a service's handset reports, pushed in its type's
 * {@link ReceiptFormat}. No bearer token (the vendors have none): the secret in the address is the credential. It is
 * never logged and never in an answer: every answer is written here, none goes through the error page (which would
 * show the path). A wrong secret, an unknown service or type gets 404 and nothing else (a service disabled or changed
 * since its sends still takes their receipts: the secret is the service name's, the rows say what was sent where); a
 * body over {@code max-body} or more than {@code max-reports} reports 413; a body not in the format 400 (the vendors
 * retry a non-200 a few times, then give up); a failure of ours 503, so that they retry, and so is a push beyond
 * {@code max-concurrent-pushes} in flight. A type with {@code allowed-sources} answers 404 to any other address.
 * Anything else is 200 with the answer the sender expects.
 */
@RestController
class ReceiptsController {

    static final String PATH = "/receipts/";

    private static final Logger log = LoggerFactory.getLogger(ReceiptsController.class);

    private final Map<String, ReceiptFormat> formats;
    private final Map<String, List<Cidr>> allowedSources;
    private final Semaphore pushesInFlight;
    private final ReceiptSecrets secrets;
    private final Receipts receipts;
    private final ReceiptProperties properties;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    ReceiptsController(List<ReceiptFormat> formats, ReceiptSecrets secrets, Receipts receipts,
                       ReceiptProperties properties, MeterRegistry meters, ApplicationEventPublisher events) {
        this.events = events;
        this.formats = formats.stream().collect(Collectors.toUnmodifiableMap(ReceiptFormat::type, Function.identity()));
        this.allowedSources = allowedSources(properties.allowedSources(), this.formats.keySet());
        this.pushesInFlight = new Semaphore(properties.maxConcurrentPushes());
        this.secrets = secrets;
        this.receipts = receipts;
        this.properties = properties;
        this.meters = meters;
    }

    @PostMapping(PATH + "{type}/{service}/{secret}")
    ResponseEntity<String> push(@PathVariable String type, @PathVariable String service, @PathVariable String secret,
                                HttpServletRequest request) {
        ReceiptFormat format = formats.get(type);
        if (format == null || service.length() > 128 || secret.length() > 128) {
            return refuse(HttpStatus.NOT_FOUND, "not_found", "");
        }
        if (!fromAllowedSource(type, request.getRemoteAddr())) {
            return refuse(HttpStatus.NOT_FOUND, "forbidden_source", "");
        }
        if (!pushesInFlight.tryAcquire()) {
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "throttled", format.refused(503, "try again"));
        }
        try {
            if (!secrets.matches(service, secret)) {
                return refuse(HttpStatus.NOT_FOUND, "not_found", "");
            }
            long max = properties.maxBody().toBytes();
            byte[] body = request.getContentLengthLong() > max ? null : read(request.getInputStream(), max);
            if (body == null) {
                return refuse(HttpStatus.CONTENT_TOO_LARGE, "too_large", format.refused(413, "body too large"));
            }
            ParsedPush parsed = format.parse(body, service, properties.maxReports());
            meters.counter("notifier.receipts", "result", "invalid").increment(parsed.invalid());
            if (!parsed.reviews().isEmpty()) {
                events.publishEvent(new TemplateReviewsPushed(service, parsed.reviews()));
            }
            Receipts.Tally tally = receipts.apply(parsed.receipts(), properties.earlyMax());
            log.info("receipts type={} service={} reports={} applied={} duplicates={} early={} unmatched={} "
                            + "invalid={}", type, service, parsed.receipts().size() + parsed.invalid(),
                    tally.applied(), tally.duplicates(), tally.early(), tally.unmatched(), parsed.invalid());
            return answer(HttpStatus.OK, format.accepted(parsed));
        } catch (MalformedPush e) {
            return e.tooMany ? refuse(HttpStatus.CONTENT_TOO_LARGE, "too_large", format.refused(413, e.getMessage()))
                    : refuse(HttpStatus.BAD_REQUEST, "malformed", format.refused(400, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // The class only: a message could quote the request.
            log.warn("receipts push failed type={} service={} reason={}", type, service,
                    e.getClass().getSimpleName());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, format.refused(503, "try again"));
        } finally {
            pushesInFlight.release();
        }
    }

    private boolean fromAllowedSource(String type, String remoteAddress) {
        List<Cidr> ranges = allowedSources.get(type);
        if (ranges == null) {
            return true;
        }
        try {
            // The servlet container gives an address literal: this resolves nothing.
            InetAddress address = InetAddress.getByName(remoteAddress);
            return ranges.stream().anyMatch(range -> range.contains(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException naming the setting, so that a bad range stops the start */
    private static Map<String, List<Cidr>> allowedSources(Map<String, List<String>> configured, Set<String> types) {
        Map<String, List<Cidr>> ranges = new HashMap<>();
        configured.forEach((type, texts) -> {
            if (!types.contains(type)) {
                throw new IllegalArgumentException("notifier.receipts.allowed-sources." + type + ": no receipts come "
                        + "from services of type " + type + " (types that take receipts: " + new TreeSet<>(types) + ")");
            }
            List<Cidr> parsed = new ArrayList<>();
            for (String text : texts) {
                try {
                    parsed.add(Cidr.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("notifier.receipts.allowed-sources." + type + ": "
                            + e.getMessage(), e);
                }
            }
            ranges.put(type, List.copyOf(parsed));
        });
        return Map.copyOf(ranges);
    }

    private ResponseEntity<String> refuse(HttpStatus status, String result, String body) {
        meters.counter("notifier.receipts", "result", result).increment();
        return answer(status, body);
    }

    private static ResponseEntity<String> answer(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The body, or null when it is longer than {@code max} bytes (a chunked body has no length to check first). */
    private static byte[] read(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }
}
