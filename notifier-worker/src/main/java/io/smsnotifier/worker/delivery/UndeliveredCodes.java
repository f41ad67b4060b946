package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.providers.ServiceStatuses;
import io.smsnotifier.worker.secrets.SecretBox;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * With {@code notifier.receipts.resend-undelivered-login-codes}: a login code the vendor reports {@code UNDELIVERED}
 * while it is still valid is sent once more, through the next service in rotation. The ledger never keeps a code, so
 * each login code sent is kept sealed ({@link SecretBox}) in {@code login_code_copies} until it expires or its receipt
 * comes. The second send is a new {@code login.code} event, {@code <event id>:resend}, on the login-code topic: it goes
 * the whole way a code goes (its own ledger row, the number's limits, expiry, retries), and is never resent itself.
 * Its event id makes a repeated receipt, or a receipt applied twice after a failed commit, send nothing more.
 */
@Component
class UndeliveredCodes {

    static final String RESEND = ":resend";

    private static final Logger log = LoggerFactory.getLogger(UndeliveredCodes.class);
    private static final long ACK_SECONDS = 30;

    private final boolean enabled;
    private final LoginCodeCopies copies;
    private final SecretBox box;
    private final ServiceStatuses services;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    UndeliveredCodes(@Value("${notifier.receipts.resend-undelivered-login-codes:false}") boolean enabled,
                     LoginCodeCopies copies, SecretBox box, ServiceStatuses services,
                     KafkaTemplate<String, byte[]> kafka, NotifierTopics topics, MeterRegistry meters) {
        if (enabled && !box.canSeal()) {
            throw new IllegalStateException("notifier.receipts.resend-undelivered-login-codes keeps each login code "
                    + "sealed until it expires, and there is no key to seal it with: set notifier.secrets.key "
                    + "(environment NOTIFIER_SECRETS_KEY), or turn the resend off");
        }
        this.enabled = enabled;
        this.copies = copies;
        this.box = box;
        this.services = services;
        this.kafka = kafka;
        this.topic = topics.loginCode();
        this.meters = meters;
    }

    /** Keeps a sealed copy of every login code among {@code settled} that was sent (not of resends). Never fails. */
    void keep(List<Job.Settled> settled) {
        if (!enabled || settled.isEmpty() || settled.getFirst().request().lane() != Lane.LOGIN_CODE) {
            return;
        }
        try {
            List<LoginCodeCopies.Copy> kept = new ArrayList<>();
            for (Job.Settled outcome : settled) {
                DeliveryRequest request = outcome.request();
                Deliveries.Settlement sent = outcome.settlement();
                String phone = sent.row().recipientKey();
                if (request.eventId().endsWith(RESEND) || request.expiresAt() == null
                        || sent.status() != DeliveryStatus.SENT || sent.providerMessageId() == null
                        || sent.service() == null || !phone.startsWith("+")) {
                    continue;
                }
                LoginCodeRequested copy = new LoginCodeRequested(request.eventId(), clock.instant(), phone,
                        request.params().get("code"), request.expiresAt(), request.channel(), null,
                        request.templateCode());
                kept.add(new LoginCodeCopies.Copy(new LoginCodeCopies.Key(sent.service(),
                        sent.providerMessageId(), phone), request.eventId(),
                        box.seal(EventJson.mapper().writeValueAsString(copy), context(request.eventId())),
                        request.expiresAt()));
            }
            copies.keep(kept);
        } catch (RuntimeException e) {
            // The code went out; only the chance of a second send is lost.
            log.warn("login codes not kept for a resend reason={}", e.getClass().getSimpleName());
        }
    }

    /** A login-code row a receipt changed. */
    record Settled(LoginCodeCopies.Key key, DeliveryStatus status) {
    }

    /**
     * Sends once more each still-valid code reported {@code UNDELIVERED}, and forgets the copies of every code
     * settled. Call inside the receipt's transaction: a failed publish rolls the receipt back, for the vendor to
     * push again.
     */
    void settled(List<Settled> rows) {
        if (!enabled || rows.isEmpty()) {
            return;
        }
        List<LoginCodeCopies.Key> undelivered = rows.stream()
                .filter(row -> row.status() == DeliveryStatus.UNDELIVERED).map(Settled::key).toList();
        List<LoginCodeCopies.Copy> valid = copies.take(rows.stream().map(Settled::key).toList(), clock.instant());
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (LoginCodeCopies.Copy copy : valid) {
            if (!undelivered.contains(copy.key())) {
                continue;
            }
            LoginCodeRequested original;
            try {
                original = EventJson.mapper().readValue(box.open(copy.sealed(), context(copy.eventId())),
                        LoginCodeRequested.class);
            } catch (SecretsUnavailableException e) {
                log.warn("undelivered login code not resent eventId={} reason={}", LogSafe.key(copy.eventId()),
                        e.getMessage());
                meters.counter("notifier.receipts.resends", "result", "unreadable").increment();
                continue;
            }
            String next = nextService(copy.key().service());
            LoginCodeRequested again = new LoginCodeRequested(resendId(copy.eventId()), clock.instant(),
                    original.phone(), original.code(), original.expiresAt(), original.channel(), next,
                    original.templateCode());
            sends.add(kafka.send(topic, again.eventId(), EventJson.mapper().writeValueAsBytes(again)));
            log.info("undelivered login code sent again eventId={} phone={} failedService={} via={}",
                    LogSafe.key(copy.eventId()), PhoneMask.mask(original.phone()), copy.key().service(),
                    next == null ? "default routing" : next);
        }
        await(sends);
    }

    /** The service after {@code failed} in the pool's order; null (default routing) when there is no other. */
    private @Nullable String nextService(String failed) {
        List<String> pool = services.serviceNames();
        int at = pool.indexOf(failed);
        if (pool.size() < 2) {
            return null;
        }
        return pool.get((at + 1) % pool.size());
    }

    private void await(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_SECONDS, TimeUnit.SECONDS);
            meters.counter("notifier.receipts.resends", "result", "sent").increment(sends.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, "interrupted resending login codes", null, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                    "could not resend login codes on " + topic + ": " + e.getClass().getSimpleName(), null, e);
        }
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purgeExpired() {
        if (!enabled) {
            return;
        }
        try {
            copies.purgeExpired(clock.instant());
        } catch (RuntimeException e) {
            log.warn("expired login-code copies not purged reason={}", e.getClass().getSimpleName());
        }
    }

    /** {@code <id>:resend} within the 128 characters an event id may have, else a digest of the id. */
    static String resendId(String eventId) {
        if (eventId.length() + RESEND.length() <= 128) {
            return eventId + RESEND;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + RESEND;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String context(String eventId) {
        return "login-code:" + eventId;
    }

    static boolean isLoginCode(String kind) {
        return Topics.LOGIN_CODE.equals(kind);
    }
}
