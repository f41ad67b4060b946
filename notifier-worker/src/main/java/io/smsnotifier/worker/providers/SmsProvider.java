package io.smsnotifier.worker.providers;

/**
 * One configured SMS service (an account at a vendor, a webhook, the sandbox). Implementations are thread-safe
 * and do not retry by themselves: retrying is the delivery pipeline's decision, made from the results.
 */
public interface SmsProvider {

    /** The service's configured name ({@code notifier.sms.services.<name>}). */
    String serviceName();

    /**
     * Sends one rendered message to every number in {@code sms}.
     *
     * @return one result per number; a number the service refused is a result, not an exception
     * @throws io.smsnotifier.worker.TransientDeliveryFailure when the request as a whole may succeed later
     * @throws io.smsnotifier.worker.PermanentDeliveryFailure when the request as a whole can never succeed
     */
    SendResult send(OutgoingSms sms);
}
