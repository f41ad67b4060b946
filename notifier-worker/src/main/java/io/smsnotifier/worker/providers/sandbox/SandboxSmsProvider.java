package io.smsnotifier.worker.providers.sandbox;

import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.support.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An SMS service that accepts every message, keeps it in the {@link SandboxOutbox} and a moment later reports it
 * delivered ({@link SandboxReporter}).
 */
final class SandboxSmsProvider implements SmsProvider {

    private static final Logger log = LoggerFactory.getLogger(SandboxSmsProvider.class);

    private final String serviceName;
    private final SandboxOutbox outbox;
    private final SandboxReporter reporter;

    SandboxSmsProvider(String serviceName, SandboxOutbox outbox, SandboxReporter reporter) {
        this.serviceName = serviceName;
        this.outbox = outbox;
        this.reporter = reporter;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public int maxNumbersPerRequest() {
        return 1_000;
    }

    @Override
    public boolean sendsRenderedText() {
        return true;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        Map<String, SendResult.PhoneResult> results = new HashMap<>();
        List<SandboxReporter.Sent> sent = new ArrayList<>(sms.phones().size());
        Instant now = Instant.now();
        String channel = sms.channel().name().toLowerCase(Locale.ROOT);
        for (String phone : sms.phones()) {
            String id = "sandbox-" + UUID.randomUUID();
            String masked = PhoneMask.mask(phone);
            outbox.add(new SandboxMessage(id, serviceName, masked, channel, sms.message().template().code(),
                    sms.message().text(), sms.eventId(), sms.kind(), now));
            log.info("sandbox sms service={} phone={} channel={} template={} eventId={} kind={} messageId={}",
                    serviceName, masked, channel, LogSafe.key(sms.message().template().code()),
                    LogSafe.key(sms.eventId()), sms.kind(), id);
            results.put(phone, SendResult.PhoneResult.accepted(id));
            sent.add(new SandboxReporter.Sent(id, phone));
        }
        reporter.delivered(serviceName, sent);
        return new SendResult(results);
    }
}
