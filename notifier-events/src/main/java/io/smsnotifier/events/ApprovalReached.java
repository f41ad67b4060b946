package io.smsnotifier.events;

import java.time.Instant;
import java.util.Map;

/**
 * An approval node was reached: its approvers get "«userNick» submitted «processTitle», please approve".
 * {@code processTitle} and {@code userNick} (the initiator's nick) are always passed to the template;
 * {@code params} adds more. {@code smsService} may be null (default routing).
 */
public record ApprovalReached(String eventId, Instant occurredAt, String processInstanceId, String processTitle,
                              String nodeId, String nodeName, Initiator initiator, Recipients recipients,
                              String smsService, String templateCode, Map<String, String> params)
        implements NotifierEvent {

    public ApprovalReached {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    @Override
    public String defaultTopic() {
        return Topics.APPROVAL_REACHED;
    }
}
