package io.smsnotifier.worker.providers.tencent;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.PullSmsSendStatus;
import com.tencentcloudapi.sms.v20210111.models.PullSmsSendStatusByPhoneNumberRequest;
import com.tencentcloudapi.sms.v20210111.models.PullSmsSendStatusByPhoneNumberResponse;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.providers.PulledReport;
import io.smsnotifier.worker.providers.SentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The handset reports of sent messages, asked of Tencent Cloud number by number
 * ({@code PullSmsSendStatusByPhoneNumber}: a time window of at most 7 days, up to 100 reports a page, 20 requests
 * a second per account). A message's {@code SerialNo} finds its report; a message without one is not listed yet.
 * Thread-safe.
 */
final class SendStatuses {

    private static final Logger log = LoggerFactory.getLogger(SendStatuses.class);
    static final int PAGE = 100;
    /** The vendor keeps reports this long back, and takes no wider window. */
    static final Duration KEPT = Duration.ofDays(7);
    /** How long before the ledger's time the vendor may have taken a message (clocks, the wait for a turn). */
    private static final Duration SLACK = Duration.ofMinutes(1);
    /** 20 requests a second is the account's limit: one every 50 ms from this instance. */
    private static final long SPACING_NANOS = Duration.ofMillis(50).toNanos();

    private final SmsClient client;
    private final String sdkAppId;
    private final String serviceName;
    private long nextRequestAt = System.nanoTime();

    SendStatuses(SmsClient client, String sdkAppId, String serviceName) {
        this.client = client;
        this.sdkAppId = sdkAppId;
        this.serviceName = serviceName;
    }

    /**
     * Each number's reports from just before its oldest message on, until every message of it is answered or its
     * pages run out; no more requests for a number than it has messages here. The first request that fails ends
     * the asking (the vendor is away or refusing: the rest waits for a later pull).
     */
    List<PulledReport> reports(List<SentMessage> messages) {
        Map<String, List<SentMessage>> byPhone = messages.stream().collect(Collectors.groupingBy(SentMessage::phone,
                LinkedHashMap::new, Collectors.toList()));
        List<PulledReport> reports = new ArrayList<>();
        try {
            for (List<SentMessage> ofPhone : byPhone.values()) {
                reports.addAll(ofPhone(ofPhone));
            }
        } catch (TencentCloudSDKException e) {
            log.warn("receipt pull stopped service={} asked={} reason={}", serviceName, messages.size(),
                    e.getErrorCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reports;
    }

    private List<PulledReport> ofPhone(List<SentMessage> messages) throws TencentCloudSDKException,
            InterruptedException {
        Map<String, SentMessage> wanted = new LinkedHashMap<>();
        messages.forEach(message -> wanted.put(message.messageId(), message));
        Instant now = Instant.now();
        Instant oldest = messages.stream().map(SentMessage::sentAt).min(Comparator.naturalOrder()).orElse(now)
                .minus(SLACK);
        Instant begin = oldest.isBefore(now.minus(KEPT)) ? now.minus(KEPT) : oldest;
        String phone = messages.getFirst().phone();
        List<PulledReport> reports = new ArrayList<>();
        for (long page = 0; page < messages.size() && !wanted.isEmpty(); page++) {
            PullSmsSendStatusByPhoneNumberRequest request = new PullSmsSendStatusByPhoneNumberRequest();
            request.setSmsSdkAppId(sdkAppId);
            request.setPhoneNumber(phone);
            request.setBeginTime(begin.getEpochSecond());
            request.setEndTime(now.getEpochSecond());
            request.setOffset(page * PAGE);
            request.setLimit((long) PAGE);
            awaitTurn();
            PullSmsSendStatusByPhoneNumberResponse response = client.PullSmsSendStatusByPhoneNumber(request);
            PullSmsSendStatus[] statuses = response.getPullSmsSendStatusSet() == null ? new PullSmsSendStatus[0]
                    : response.getPullSmsSendStatusSet();
            for (PullSmsSendStatus status : statuses) {
                SentMessage message = status.getSerialNo() == null ? null : wanted.remove(status.getSerialNo());
                if (message != null && Set.of("SUCCESS", "FAIL").contains(status.getReportStatus())) {
                    reports.add(new PulledReport(message.phone(), message.messageId(),
                            "SUCCESS".equals(status.getReportStatus()), status.getReportStatus(),
                            status.getDescription(), status.getUserReceiveTime() == null ? null
                            : Instant.ofEpochSecond(status.getUserReceiveTime())));
                }
            }
            if (statuses.length < PAGE) {
                break;
            }
        }
        log.debug("receipts pulled service={} phone={} asked={} final={}", serviceName, PhoneMask.mask(phone),
                messages.size(), reports.size());
        return reports;
    }

    /** Holds this instance to the account's 20 requests a second (the pull budget keeps far below it). */
    private void awaitTurn() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, nextRequestAt);
            nextRequestAt = at + SPACING_NANOS;
            wait = at - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
