package io.smsnotifier.worker.receipts;

/** A push that is not the shape its sender writes, or carries more reports than allowed: refused whole. */
final class MalformedPush extends RuntimeException {

    final boolean tooMany;

    /** @param message a fixed text of ours, never a part of the request: it goes back in the answer */
    MalformedPush(String message, boolean tooMany) {
        super(message, null, false, false);
        this.tooMany = tooMany;
    }
}
