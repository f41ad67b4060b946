package io.smsnotifier.worker.providers.aliyun;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import io.smsnotifier.worker.providers.PulledReport;
import io.smsnotifier.worker.providers.SentMessage;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Alibaba Cloud lists as sent to one number on one day ({@code QuerySendDetails}): for requests whose answer
 * was lost, and for the handset reports of services whose reports are pulled. Thread-safe.
 */
final class SentMessages {

    static final int QUERY_PAGE_SIZE = 50;
    static final int QUERY_MAX_PAGES = 20;
    /** How long after a request Alibaba Cloud may still not list it. */
    static final Duration LISTING_LAG = Duration.ofMinutes(10);
    /**
     * How long after the ledger marked a request sending it may reach the vendor: the wait for its turn at the
     * rate limit (30 s) and the request itself. The vendor's day is the day it arrived.
     */
    static final Duration ARRIVAL_SPREAD = Duration.ofMinutes(1);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(CHINA);
    private static final DateTimeFormatter RECEIVE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** {@code SendStatus}: 1 waiting for the handset's report, 2 failed, 3 delivered. */
    private static final long FAILED = 2;
    private static final long DELIVERED = 3;

    private final DefaultAcsClient client;
    private final VendorEndpoint endpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    SentMessages(DefaultAcsClient client, VendorEndpoint endpoint, int connectTimeoutMillis, int readTimeoutMillis) {
        this.client = client;
        this.endpoint = endpoint;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Whether a message with {@code outId} reached {@code apiNumber} on the day of {@code sentAt} (the vendor's
     * day, China time), reading every page of that number's day (at most {@value #QUERY_MAX_PAGES}). A request
     * marked sending shortly before midnight may have reached the vendor after it: then the next day is read too.
     * Not listed within {@link #LISTING_LAG} of the request is "cannot tell".
     */
    Optional<Boolean> contains(String apiNumber, String outId, Instant sentAt) {
        Set<String> days = new LinkedHashSet<>(List.of(SEND_DATE.format(sentAt),
                SEND_DATE.format(sentAt.plus(ARRIVAL_SPREAD))));
        try {
            for (String day : days) {
                if (listedOn(apiNumber, outId, day)) {
                    return Optional.of(true);
                }
            }
        } catch (CannotTell e) {
            return Optional.empty();
        }
        // Alibaba Cloud lists a message some seconds after accepting it: "not found" soon after the request
        // means "cannot tell yet", and notifier.delivery.unknown-policy decides.
        boolean settledInTheListing = sentAt.isBefore(Instant.now().minus(LISTING_LAG));
        return settledInTheListing ? Optional.of(false) : Optional.empty();
    }

    /** @throws CannotTell when the vendor did not answer the query, or answered with an error */
    private boolean listedOn(String apiNumber, String outId, String day) {
        // Every page: a number that got many messages that day has its request further back.
        for (long page = 1; page <= QUERY_MAX_PAGES; page++) {
            QuerySendDetailsResponse response = query(apiNumber, day, null, page);
            List<QuerySendDetailsResponse.SmsSendDetailDTO> details = response.getSmsSendDetailDTOs();
            if (details != null && details.stream().anyMatch(detail -> outId.equals(detail.getOutId()))) {
                return true;
            }
            long total = count(response.getTotalCount());
            if (details == null || details.size() < QUERY_PAGE_SIZE || page * QUERY_PAGE_SIZE >= total) {
                break;
            }
        }
        return false;
    }

    /**
     * The handset report of the message {@code bizId} to {@code message}'s number: {@code SendStatus} 3 is
     * delivered, 2 failed, 1 still waiting (no report yet). One page of the day it went out, filtered by
     * {@code BizId}, holds it; a message sent in the last minute before midnight (China time) may be listed on
     * the next day, which is then asked too.
     *
     * @return the final report, or empty while it is waiting or the vendor does not list the message
     * @throws CannotTell when the vendor did not answer the query, or answered with an error
     */
    Optional<PulledReport> report(SentMessage message, String apiNumber) {
        Set<String> days = new LinkedHashSet<>(List.of(SEND_DATE.format(message.sentAt()),
                SEND_DATE.format(message.sentAt().plus(ARRIVAL_SPREAD))));
        for (String day : days) {
            List<QuerySendDetailsResponse.SmsSendDetailDTO> details =
                    query(apiNumber, day, message.messageId(), 1).getSmsSendDetailDTOs();
            if (details != null && !details.isEmpty()) {
                QuerySendDetailsResponse.SmsSendDetailDTO detail = details.getFirst();
                long status = detail.getSendStatus() == null ? 1 : detail.getSendStatus();
                if (status != DELIVERED && status != FAILED) {
                    return Optional.empty();
                }
                // Content is the text the handset got: never kept here.
                return Optional.of(new PulledReport(message.phone(), message.messageId(), status == DELIVERED,
                        detail.getErrCode(), null, receivedAt(detail.getReceiveDate())));
            }
        }
        return Optional.empty();
    }

    /** @throws CannotTell when the vendor did not answer the query, or answered with an error */
    private QuerySendDetailsResponse query(String apiNumber, String day, @Nullable String bizId, long page) {
        QuerySendDetailsRequest request = new QuerySendDetailsRequest();
        request.setSysEndpoint(endpoint.hostAndPort());
        request.setSysProtocol(endpoint.https() ? ProtocolType.HTTPS : ProtocolType.HTTP);
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        request.setPhoneNumber(apiNumber);
        request.setSendDate(day);
        request.setPageSize((long) QUERY_PAGE_SIZE);
        request.setCurrentPage(page);
        if (bizId != null) {
            request.setBizId(bizId);
        }
        try {
            QuerySendDetailsResponse response = client.getAcsResponse(request);
            if (!"OK".equals(response.getCode())) {
                throw new CannotTell();
            }
            return response;
        } catch (ClientException e) {
            throw new CannotTell();
        }
    }

    /** {@code ReceiveDate}, China time; null when the vendor gave none or it does not read. */
    private static @Nullable Instant receivedAt(@Nullable String text) {
        try {
            return text == null || text.isBlank() ? null
                    : LocalDateTime.parse(text.strip(), RECEIVE_DATE).atZone(CHINA).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The vendor could not be asked; the caller answers "cannot tell", or stops asking. */
    static final class CannotTell extends RuntimeException {
        CannotTell() {
            super(null, null, false, false);
        }
    }

    private static long count(@Nullable String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
