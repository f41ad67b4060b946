package io.smsnotifier.worker.receipts;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.delivery.Receipts;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /receipts/aliyun/{service}/{secret}}: Alibaba Cloud's {@code SmsReport} push. No bearer token (the vendor
 * has none): the secret in the address is the credential. It is never logged and never in an answer: every answer
 * is written here, none goes through the error page (which would show the path). A wrong secret or an unknown
 * service gets 404 and nothing else; a body over {@code max-body} or more than {@code max-reports} reports 413; a
 * body that is not a JSON array 400 (the vendor retries a non-200 after 1, 5 and 10 minutes, then gives up); a
 * failure of ours 503, so that it retries. Anything else is 200 with the answer the vendor expects.
 */
@RestController
class AliyunReceiptsController {

    static final String PATH = "/receipts/aliyun/";

    private static final Logger log = LoggerFactory.getLogger(AliyunReceiptsController.class);
    private static final String ACCEPTED = "{\"code\":0,\"msg\":\"接收成功\"}";

    private final ReceiptSecrets secrets;
    private final Receipts receipts;
    private final ReceiptProperties properties;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    AliyunReceiptsController(ReceiptSecrets secrets, Receipts receipts, ReceiptProperties properties,
                             ObjectMapper json, MeterRegistry meters) {
        this.secrets = secrets;
        this.receipts = receipts;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
    }

    @PostMapping(PATH + "{service}/{secret}")
    ResponseEntity<String> push(@PathVariable String service, @PathVariable String secret,
                                HttpServletRequest request) {
        try {
            if (service.length() > 128 || secret.length() > 128 || !secrets.matches(service, secret)) {
                return refuse(HttpStatus.NOT_FOUND, "not_found", "");
            }
            long max = properties.maxBody().toBytes();
            if (request.getContentLengthLong() > max) {
                return refuse(HttpStatus.CONTENT_TOO_LARGE, "too_large", "{\"code\":413,\"msg\":\"body too large\"}");
            }
            byte[] body = read(request.getInputStream(), max);
            if (body == null) {
                return refuse(HttpStatus.CONTENT_TOO_LARGE, "too_large", "{\"code\":413,\"msg\":\"body too large\"}");
            }
            AliyunReports.Parsed parsed = AliyunReports.parse(body, service, properties.maxReports(), json);
            meters.counter("notifier.receipts", "result", "invalid").increment(parsed.invalid());
            Receipts.Tally tally = receipts.apply(parsed.receipts(), properties.earlyMax());
            log.info("receipts vendor=aliyun service={} reports={} applied={} duplicates={} early={} unmatched={} "
                            + "invalid={}", service, parsed.receipts().size() + parsed.invalid(), tally.applied(),
                    tally.duplicates(), tally.early(), tally.unmatched(), parsed.invalid());
            return answer(HttpStatus.OK, ACCEPTED);
        } catch (AliyunReports.Malformed e) {
            return e.tooMany ? refuse(HttpStatus.CONTENT_TOO_LARGE, "too_large",
                    "{\"code\":413,\"msg\":\"too many reports\"}")
                    : refuse(HttpStatus.BAD_REQUEST, "malformed", "{\"code\":400,\"msg\":\"" + e.getMessage() + "\"}");
        } catch (IOException | RuntimeException e) {
            // The class only: a message could quote the request.
            log.warn("receipts push failed vendor=aliyun service={} reason={}", service, e.getClass().getSimpleName());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "{\"code\":503,\"msg\":\"try again\"}");
        }
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
