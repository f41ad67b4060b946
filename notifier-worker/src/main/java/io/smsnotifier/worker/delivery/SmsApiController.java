package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.failures.DeliveryFailure;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The synchronous SMS API for callers that want the established {@code sendMessage} semantics, and "Send Test
 * SMS". Errors carry {@code 46001} (missing parameter or empty list), {@code 46002}
 * (the vendor answered with an error, its code included) or {@code 46003} (the request failed). Sends here go
 * through the ledger and {@code sms.delivery} like any event, but are not retried: publish to {@code sms.notify}
 * for that.
 */
@RestController
class SmsApiController {

    static final String KIND = "api.send";
    /** The masked numbers an audit entry lists; the count says how many there were. */
    static final int AUDITED_NUMBERS = 100;

    private final DeliveryPipeline pipeline;
    private final TestSends tests;
    private final TemplateRegistry templates;
    private final RecipientResolver resolver;
    private final AuditLog audit;

    SmsApiController(DeliveryPipeline pipeline, TestSends tests, TemplateRegistry templates,
                     RecipientResolver resolver, AuditLog audit) {
        this.pipeline = pipeline;
        this.tests = tests;
        this.templates = templates;
        this.resolver = resolver;
        this.audit = audit;
    }

    record SendRequest(@Nullable List<String> phoneList, @Nullable Map<String, String> params,
                       @Nullable String verifyTemplateCode, @Nullable String smsService) {
    }

    record NumberResult(String phone, String status, @Nullable String service, @Nullable String providerMessageId,
                        @Nullable String errorCode, @Nullable String providerErrorCode) {
    }

    record SendResponse(String requestId, List<NumberResult> results) {
    }

    record ErrorResponse(String code, String message, @Nullable String providerErrorCode) {
    }

    /** Audited as {@code sms.send}: who sent which template to how many numbers, each masked, and what came of it. */
    @PostMapping("/api/sms/send")
    SendResponse send(@RequestBody SendRequest body, Principal who) {
        if (body.phoneList() == null || body.phoneList().stream().allMatch(p -> p == null || p.isBlank())) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "phoneList is empty");
        }
        if (body.verifyTemplateCode() == null || body.verifyTemplateCode().isBlank()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "verifyTemplateCode is missing");
        }
        String requestId = "api-" + UUID.randomUUID();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("template", LogSafe.key(body.verifyTemplateCode()));
        entry.put("service", body.smsService() == null ? null : LogSafe.key(body.smsService()));
        entry.put("numbers", body.phoneList().size());
        List<SmsDelivered> outcomes;
        try {
            outcomes = pipeline.deliver(new DeliveryRequest(requestId, Instant.now(), KIND, Lane.BULK, Channel.SMS,
                    body.smsService(), body.verifyTemplateCode(), body.params() == null ? Map.of() : body.params(),
                    new Recipients(null, null, null, body.phoneList().stream().filter(p -> p != null && !p.isBlank())
                            .toList(), null), null, requestId));
            // Outcomes carry the numbers masked; the audit keeps no full number.
            entry.put("phones", outcomes.stream().map(SmsDelivered::phone).limit(AUDITED_NUMBERS).toList());
            entry.put("statuses", outcomes.stream().collect(Collectors.groupingBy(outcome -> outcome.status().name(),
                    TreeMap::new, Collectors.counting())));
        } catch (DeliveryFailure e) {
            entry.put("failed", e.errorCode().code());
            throw e;
        } finally {
            audit.record(who.getName(), "sms.send", "request:" + requestId, entry);
        }
        return new SendResponse(requestId, outcomes.stream().map(outcome -> new NumberResult(outcome.phone(),
                outcome.status().name(), outcome.service(), outcome.providerMessageId(), outcome.errorCode(),
                outcome.providerErrorCode())).toList());
    }

    record TestRequest(@Nullable String phone, @Nullable String templateCode, @Nullable Map<String, String> params) {
    }

    /**
     * "Send Test SMS": one message through exactly this service, no failover; counted against the number's
     * login-code limits and recorded as kind {@code api.test} ({@link TestSends}).
     */
    @PostMapping("/api/sms/services/{name}/test")
    NumberResult test(@PathVariable String name, @RequestBody TestRequest body, Principal who) {
        Recipient recipient = resolver.resolvePhone(body.phone());
        if (!recipient.reachable()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "phone: " + recipient.skipReason());
        }
        Map<String, String> params = body.params() == null ? Map.of() : body.params();
        RenderedMessage message = body.templateCode() == null || body.templateCode().isBlank()
                ? TestSends.testMessage(name)
                : templates.render(body.templateCode(), params);
        SmsDelivered outcome = tests.send(name, recipient, message, who.getName());
        return new NumberResult(outcome.phone(), outcome.status().name(), outcome.service(),
                outcome.providerMessageId(), outcome.errorCode(), outcome.providerErrorCode());
    }

    @ExceptionHandler(PermanentDeliveryFailure.class)
    ResponseEntity<ErrorResponse> permanent(PermanentDeliveryFailure failure) {
        HttpStatus status = failure.errorCode() == ErrorCode.INVALID_REQUEST ? HttpStatus.BAD_REQUEST
                : HttpStatus.BAD_GATEWAY;
        return ResponseEntity.status(status).body(new ErrorResponse(failure.errorCode().code(), failure.reason(),
                failure.providerErrorCode()));
    }

    @ExceptionHandler(TransientDeliveryFailure.class)
    ResponseEntity<ErrorResponse> transientFailure(TransientDeliveryFailure failure) {
        HttpStatus status = failure.errorCode() == ErrorCode.VENDOR_ERROR ? HttpStatus.BAD_GATEWAY
                : failure.errorCode() == ErrorCode.INVALID_REQUEST ? HttpStatus.BAD_REQUEST
                : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).body(new ErrorResponse(failure.errorCode().code(), failure.getMessage(),
                failure.providerErrorCode()));
    }
}
