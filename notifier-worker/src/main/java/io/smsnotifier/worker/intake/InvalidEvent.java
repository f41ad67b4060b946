package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;

/** A record that is not a valid event of its topic: undecodable, wrong types, or required fields missing. */
class InvalidEvent extends PermanentDeliveryFailure {

    InvalidEvent(String reason) {
        super(ErrorCode.INVALID_REQUEST, reason);
    }
}
