package io.smsnotifier.worker.failures;

/**
 * The established error scheme carried in outcomes, dead letters and API errors.
 */
public enum ErrorCode {
    /** A required parameter is missing, the event is invalid, or nobody is left to send to. */
    INVALID_REQUEST("46001"),
    /** The SMS vendor answered with an error; its own code travels beside this one. */
    VENDOR_ERROR("46002"),
    /** The request to the vendor failed: network, timeout, 5xx. */
    REQUEST_FAILED("46003"),
    /** The worker itself failed on the event (its database refused a statement, a bug): not the vendor. */
    INTERNAL_ERROR("46004");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
