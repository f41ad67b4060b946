package io.smsnotifier.worker.providers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One configured SMS service (an account at a vendor, a webhook, the sandbox), made by the
 * {@link SmsProviderFactory} of its type. Implementations are thread-safe, send exactly one request per
 * {@link #send} call and never retry by themselves: the SDKs' own retries are off, since a vendor's send is not
 * idempotent. Routing, limits and retries are {@link SmsServices}' business. Closed once, when the worker stops.
 */
public interface SmsProvider extends AutoCloseable {

    /** The service's configured name ({@code notifier.sms.services.<name>}). */
    String serviceName();

    /** How many numbers one request may carry; {@link SmsServices} splits larger sends. */
    int maxNumbersPerRequest();

    /**
     * True when the service takes rendered text (webhook, sandbox), so any template works there; false when it
     * takes a vendor template code.
     */
    boolean sendsRenderedText();

    /**
     * True when configured {@code exclusive}, this service may take all traffic and switch the others off (a
     * user's own gateway); false by default.
     */
    default boolean mayBeExclusive() {
        return false;
    }

    /** The longest template parameter value this service takes, in characters; 0 when it sets no limit. */
    default int maxParamLength() {
        return 0;
    }

    /**
     * Sends one message to every number in {@code sms} (at most {@link #maxNumbersPerRequest()}) in one request.
     *
     * @return one result per number; a number the service refused is a result, not an exception
     * @throws ProviderFailure when the request as a whole failed, classified
     */
    SendResult send(OutgoingSms sms);

    /**
     * How many one-number messages, each with its own parameters, one request may carry (Alibaba Cloud's
     * {@code SendBatchSms}); 1 when the service has no such request.
     */
    default int maxMessagesPerRequest() {
        return 1;
    }

    /**
     * Sends every message of {@code messages} (one number each, all different, one template; at most
     * {@link #maxMessagesPerRequest()}) in one request, each with its own parameters.
     *
     * @param outId the request's out-id, as recorded in the ledger ({@link OutId#isBatch()})
     * @return one result per number
     * @throws ProviderFailure when the request as a whole failed, classified
     */
    default SendResult sendEach(List<OutgoingSms> messages, OutId outId) {
        throw new UnsupportedOperationException(serviceName() + " sends one message per request");
    }

    /**
     * Asks the vendor whether a message with {@code outId} reached {@code phone} around {@code sentAt}, for
     * requests whose answer was lost.
     *
     * @return the answer, or empty when this service cannot tell (the default)
     */
    default Optional<Boolean> wasSent(String phone, OutId outId, Instant sentAt) {
        return Optional.empty();
    }

    /**
     * Asks the vendor for the handset reports of messages it took, for services whose reports are pulled
     * ({@link ReceiptMode}). At most one request per message given (a vendor that lists a number's messages
     * together asks once for them); a failed request ends the asking, and what was learnt before it is returned:
     * the messages not answered are asked again later.
     *
     * @return the final reports the vendor gave (delivered or not); empty when this service cannot be asked (the
     *         default), or none is final yet
     */
    default List<PulledReport> pullReports(List<SentMessage> messages) {
        return List.of();
    }

    /** Lets go of the service's connections and threads; nothing is sent afterwards. Nothing to do by default. */
    @Override
    default void close() {
    }

    /**
     * Asks the vendor what became of its template {@code vendorTemplateCode} (the template's code at this
     * service): in review, approved or rejected. One request (or two, when the vendor keeps two kinds of template).
     *
     * @return empty when this service cannot tell: it sends rendered text (no template to review, the default), or
     *         the vendor answered without a review of that code (one it does not know)
     * @throws ProviderFailure when the vendor could not be asked (no answer, the request refused as a whole): the
     *                         caller stops asking this service for now
     */
    default Optional<TemplateReview> reviewOf(String vendorTemplateCode) {
        return Optional.empty();
    }
}
