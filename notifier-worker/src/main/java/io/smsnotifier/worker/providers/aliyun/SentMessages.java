package io.smsnotifier.worker.providers.aliyun;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What Alibaba Cloud lists as sent to one number on one day ({@code QuerySendDetails}), for requests whose answer
 * was lost. Thread-safe.
 */
final class SentMessages {

    static final int QUERY_PAGE_SIZE = 50;
    static final int QUERY_MAX_PAGES = 20;
    /** How long after a request Alibaba Cloud may still not list it. */
    static final Duration LISTING_LAG = Duration.ofMinutes(10);
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.ofPattern("yyyyMMdd")
            .withZone(ZoneId.of("Asia/Shanghai"));

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
     * day, China time), reading every page of that number's day (at most {@value #QUERY_MAX_PAGES}). Not listed
     * within {@link #LISTING_LAG} of the request is "cannot tell".
     */
    Optional<Boolean> contains(String apiNumber, String outId, Instant sentAt) {
        QuerySendDetailsRequest request = new QuerySendDetailsRequest();
        request.setSysEndpoint(endpoint.hostAndPort());
        request.setSysProtocol(endpoint.https() ? ProtocolType.HTTPS : ProtocolType.HTTP);
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        request.setPhoneNumber(apiNumber);
        request.setSendDate(SEND_DATE.format(sentAt));
        request.setPageSize((long) QUERY_PAGE_SIZE);
        try {
            // Every page: a number that got many messages that day has its request further back.
            for (long page = 1; page <= QUERY_MAX_PAGES; page++) {
                request.setCurrentPage(page);
                QuerySendDetailsResponse response = client.getAcsResponse(request);
                if (!"OK".equals(response.getCode())) {
                    return Optional.empty();
                }
                List<QuerySendDetailsResponse.SmsSendDetailDTO> details = response.getSmsSendDetailDTOs();
                if (details != null && details.stream().anyMatch(detail -> outId.equals(detail.getOutId()))) {
                    return Optional.of(true);
                }
                long total = count(response.getTotalCount());
                if (details == null || details.size() < QUERY_PAGE_SIZE || page * QUERY_PAGE_SIZE >= total) {
                    break;
                }
            }
            // Alibaba Cloud lists a message some seconds after accepting it: "not found" soon after the request
            // means "cannot tell yet", and notifier.delivery.unknown-policy decides.
            boolean settledInTheListing = sentAt.isBefore(Instant.now().minus(LISTING_LAG));
            return settledInTheListing ? Optional.of(false) : Optional.empty();
        } catch (ClientException e) {
            return Optional.empty();
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
