package io.smsnotifier.worker.receipts;

/**
 * How the services of one type push receipts: the address segment that names them, how a push reads and what the
 * sender expects back. One bean per type; {@link ReceiptsController} picks it by the address and does the rest (the
 * secret, the size bounds, the ledger, the counters) the same way for every type. Implementations are thread-safe.
 */
interface ReceiptFormat {

    /** The service type, which is also the address segment: {@code /receipts/<type>/<service>/<secret>}. */
    String type();

    /**
     * The push's reports that pass their checks, and how many did not.
     *
     * @param service    the service the address names: every receipt is about it
     * @param maxReports more reports than this is a {@link MalformedPush} with {@code tooMany}
     * @throws MalformedPush when the body is not the shape the sender writes
     */
    ParsedPush parse(byte[] body, String service, int maxReports);

    /** The body of the 200 that tells the sender the push was taken. */
    String accepted();

    /** The body of the 200 for this push, for a sender that is told what was taken; by default {@link #accepted()}. */
    default String accepted(ParsedPush parsed) {
        return accepted();
    }

    /**
     * The body of a refusal, in the shape the sender reads.
     *
     * @param message a fixed text of ours, never a part of the request
     */
    String refused(int status, String message);
}
