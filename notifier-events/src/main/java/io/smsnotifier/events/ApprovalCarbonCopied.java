package io.smsnotifier.events;

import java.time.Instant;
import java.util.Map;

/**
 * An approval node copied (CC) its recipients: they get a notice. Same shape as {@link ApprovalReached}.
 */
public record ApprovalCarbonCopied(String eventId, Instant occurredAt, String processInstanceId, String processTitle,
                                   String nodeId, String nodeName, Initiator initiator, Recipients recipients,
                                   String smsService, String templateCode, Map<String, String> params)
        implements NotifierEvent {

    public ApprovalCarbonCopied {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    @Override
    public String defaultTopic() {
        return Topics.APPROVAL_CC;
    }
}
