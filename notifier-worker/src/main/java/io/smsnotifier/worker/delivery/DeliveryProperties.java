package io.smsnotifier.worker.delivery;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.delivery.*}.
 *
 * @param unknownPolicy what to do with a number whose request went out but whose answer was lost (timeout, crash),
 *                      when the vendor cannot be asked (Alibaba Cloud can, through {@code QuerySendDetails}):
 *                      {@code resend} (the default: a possible duplicate rather than a lost message) or
 *                      {@code fail} (settle it FAILED, never a duplicate)
 * @param claimLease    how long a consumer's claim on an open row holds without news (renewed as each request
 *                      leaves) before another copy of the event may take it over: the wait after a crash of a
 *                      worker that was handling a duplicate
 * @param requestsInFlight   vendor requests one worker keeps in flight at once, for login codes and, separately,
 *                           for everything else: what hides vendor latency (each waits on a virtual thread)
 * @param recipientsPerRound how many recipients one round of a batch claims, sends and settles together: bounds
 *                           the memory a poll of large fan-outs takes
 * @param batchLoginCodes    send login codes that arrive in one poll together, up to 100 in one request, where the
 *                           service has such a request (Alibaba Cloud {@code SendBatchSms}); no code waits for
 *                           others to arrive. {@code SendBatchSms} keeps no out-id, so a batch whose answer is lost
 *                           falls under {@code unknown-policy}
 * @param backlogShare       the share of time other work (approvals, notices) may take while login codes keep
 *                           arriving: after each of its rounds it rests so long that it takes at most this share.
 *                           1 turns this off; the default, 0.5, halves a backlog's pace while codes flow, so that
 *                           codes do not wait behind it for the CPU, the database or the broker
 * @param inDoubtQueries     vendor queries ({@code QuerySendDetails}) in flight at once to resolve a round's
 *                           {@code UNKNOWN} rows: a lost answer to a 1,000-number request is 1,000 queries
 * @param inDoubtBudget      how long one round may spend on them, well inside {@code max.poll.interval.ms};
 *                           rows not resolved by then stay {@code UNKNOWN} and their event is retried later,
 *                           nothing is resent on a guess
 */
@Validated
@ConfigurationProperties("notifier.delivery")
record DeliveryProperties(@DefaultValue("resend") @NotNull UnknownPolicy unknownPolicy,
                          @DefaultValue("60s") @NotNull Duration claimLease,
                          @DefaultValue("128") @Positive int requestsInFlight,
                          @DefaultValue("10000") @Positive int recipientsPerRound,
                          @DefaultValue("true") boolean batchLoginCodes,
                          @DefaultValue("0.5") @Positive @DecimalMax("1") double backlogShare,
                          @DefaultValue("16") @Positive int inDoubtQueries,
                          @DefaultValue("30s") @NotNull Duration inDoubtBudget) {

    enum UnknownPolicy { RESEND, FAIL }
}
