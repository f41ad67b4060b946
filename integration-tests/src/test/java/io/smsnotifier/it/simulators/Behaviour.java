package io.smsnotifier.it.simulators;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a simulator answers one call. Immutable; build with the static factories and refine with
 * {@link #after(Duration)} and {@link #deliveredAnyway()}.
 *
 * <p>Meaning per simulator:
 * <ul>
 *   <li>{@link #success()}: Aliyun {@code Code=OK}; Tencent every number {@code Ok} (minus standing per-number
 *       failures); webhook the receiver's configured status (200 by default).</li>
 *   <li>{@link #vendorError(String)}: Aliyun HTTP 200 with that {@code Code}; Tencent HTTP 200 with a request-level
 *       {@code Response.Error.Code}; webhook HTTP 200 with {@code {"code": ...}}.</li>
 *   <li>{@link #perNumber(Map)}: Tencent only those numbers fail (partial success inside {@code SendStatusSet});
 *       Aliyun, which is all-or-nothing, fails the whole request with the code of the first listed number it
 *       contains (and succeeds if it contains none).</li>
 *   <li>{@link #httpError(int)}: a gateway-level HTTP error status (e.g. 503), nothing sent.</li>
 *   <li>{@link #noAnswer()}: reads the request, never answers; the exchange is held until the client gives up,
 *       the simulator is {@code reset()}/closed, or {@link #HOLD_LIMIT} passes (then the connection is closed).</li>
 *   <li>{@link #closeConnection()}: reads the request and closes the TCP connection without any answer.</li>
 * </ul>
 * Only {@code success()} (and {@code perNumber} for the numbers that succeed) counts as accepted/sent, unless
 * {@link #deliveredAnyway()} marks a lost answer ({@code noAnswer}, {@code closeConnection}, {@code httpError}) as
 * "the vendor did send it, the answer got lost" — the case a worker must not resend blindly.
 */
public final class Behaviour {

    /** The longest a {@link #noAnswer()} exchange is held before the connection is closed anyway. */
    public static final Duration HOLD_LIMIT = Duration.ofSeconds(120);

    public enum Kind { SUCCESS, VENDOR_ERROR, PER_NUMBER, HTTP_ERROR, NO_ANSWER, CLOSE_CONNECTION }

    private final Kind kind;
    private final String code;
    private final String message;
    private final int httpStatus;
    private final Map<String, String> perNumberCodes;
    private final Duration delay;
    private final boolean deliveredAnyway;

    private Behaviour(Kind kind, String code, String message, int httpStatus, Map<String, String> perNumberCodes,
                      Duration delay, boolean deliveredAnyway) {
        this.kind = kind;
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
        this.perNumberCodes = perNumberCodes == null ? Map.of() : Map.copyOf(perNumberCodes);
        this.delay = delay == null ? Duration.ZERO : delay;
        this.deliveredAnyway = deliveredAnyway;
    }

    public static Behaviour success() {
        return new Behaviour(Kind.SUCCESS, null, null, 200, null, null, false);
    }

    /** A successful answer after {@code delay} (the message counts as sent when the request arrives). */
    public static Behaviour slow(Duration delay) {
        return success().after(delay);
    }

    /** HTTP 200 with this vendor error code and the simulator's known message for it. */
    public static Behaviour vendorError(String code) {
        return vendorError(code, null);
    }

    public static Behaviour vendorError(String code, String message) {
        return new Behaviour(Kind.VENDOR_ERROR, Objects.requireNonNull(code), message, 200, null, null, false);
    }

    /** Phone number (as sent, or E.164) to error code. */
    public static Behaviour perNumber(Map<String, String> phoneToCode) {
        return new Behaviour(Kind.PER_NUMBER, null, null, 200, Objects.requireNonNull(phoneToCode), null, false);
    }

    /** A gateway HTTP error with the simulator's default code for the status (503 → ServiceUnavailable). */
    public static Behaviour httpError(int status) {
        return httpError(status, null, null);
    }

    public static Behaviour httpError(int status, String code, String message) {
        return new Behaviour(Kind.HTTP_ERROR, code, message, status, null, null, false);
    }

    public static Behaviour noAnswer() {
        return new Behaviour(Kind.NO_ANSWER, null, null, 0, null, null, false);
    }

    public static Behaviour closeConnection() {
        return new Behaviour(Kind.CLOSE_CONNECTION, null, null, 0, null, null, false);
    }

    /** The same behaviour, answered (or the connection closed) only after {@code delay}. */
    public Behaviour after(Duration delay) {
        return new Behaviour(kind, code, message, httpStatus, perNumberCodes, delay, deliveredAnyway);
    }

    /** The vendor sends the SMS although the answer is lost ({@code noAnswer}, {@code closeConnection}, 5xx). */
    public Behaviour deliveredAnyway() {
        return new Behaviour(kind, code, message, httpStatus, perNumberCodes, delay, true);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Map<String, String> perNumberCodes() {
        return perNumberCodes;
    }

    public Duration delay() {
        return delay;
    }

    public boolean isDeliveredAnyway() {
        return deliveredAnyway;
    }

    /** Whether the vendor sends the messages of a call answered this way (per-number failures aside). */
    public boolean sends() {
        return switch (kind) {
            case SUCCESS, PER_NUMBER -> true;
            case VENDOR_ERROR -> false;
            case HTTP_ERROR, NO_ANSWER, CLOSE_CONNECTION -> deliveredAnyway;
        };
    }

    @Override
    public String toString() {
        return "Behaviour[" + kind + (code != null ? " " + code : "") + (kind == Kind.HTTP_ERROR ? " " + httpStatus : "")
                + (perNumberCodes.isEmpty() ? "" : " " + perNumberCodes) + (delay.isZero() ? "" : " after " + delay)
                + (deliveredAnyway ? " deliveredAnyway" : "") + "]";
    }
}
