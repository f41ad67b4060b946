package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns decoded events into settled, published outcomes: checks the template, resolves recipients, claims ledger
 * rows, sends to the numbers still owed through the SMS services, settles and publishes. Calling it again for the
 * same event sends only to recipients whose row is not settled yet. Many events are handled together in rounds
 * ({@link RoundDelivery}): one ledger claim, one login-code check, one settle and one outcome publish for all of
 * them, and their vendor requests in flight at once, so that vendor latency and database round trips are paid
 * per round, not per event. Thread-safe; blocks until outcomes are durable.
 */
@Service
public class DeliveryPipeline {

    private final Messages messages;
    private final RecipientResolver resolver;
    private final RoundDelivery rounds;
    private final DeliveryProperties properties;

    DeliveryPipeline(Messages messages, RecipientResolver resolver, RoundDelivery rounds,
                     DeliveryProperties properties) {
        this.messages = messages;
        this.resolver = resolver;
        this.rounds = rounds;
        this.properties = properties;
    }

    /**
     * What became of one request of {@link #deliverAll}.
     *
     * @param outcomes the outcomes settled and published by this call (recipients settled earlier are not repeated)
     * @param failure  null when every recipient is settled; a {@link PermanentDeliveryFailure} when the event can
     *                 never be delivered; a {@link TransientDeliveryFailure} (or any other exception) when some
     *                 numbers may be delivered later. Outcomes settled stay settled either way.
     */
    public record Result(DeliveryRequest request, List<SmsDelivered> outcomes, @Nullable RuntimeException failure) {
    }

    /**
     * Delivers {@code request}.
     *
     * @return the outcomes settled by this call (recipients settled earlier are not repeated)
     * @throws PermanentDeliveryFailure when the event can never be delivered (unknown template, missing
     *                                  parameters, nobody to send to, the vendor refuses the template); outcomes
     *                                  already settled stay settled
     * @throws TransientDeliveryFailure when some numbers may be delivered later; nothing settled is sent again
     */
    public List<SmsDelivered> deliver(DeliveryRequest request) {
        Result result = deliverAll(List.of(request)).getFirst();
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.outcomes();
    }

    /**
     * Delivers every request; one request's failure never affects another's. Copies of one event in the list
     * are handled one after the other, so the later ones find the earlier one's outcomes. The requests must be
     * of one lane (one listener's poll).
     *
     * @return one result per request, in the same order
     */
    public List<Result> deliverAll(List<DeliveryRequest> requests) {
        Result[] results = new Result[requests.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            List<Job> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            Set<String> events = new HashSet<>();
            int recipients = 0;
            for (int index : pending) {
                DeliveryRequest request = requests.get(index);
                // Bounds the memory one round holds: a poll of large fan-outs goes in several rounds.
                if (recipients >= properties.recipientsPerRound() || !events.add(request.eventId())) {
                    later.add(index);
                    continue;
                }
                try {
                    Job job = prepare(index, request);
                    round.add(job);
                    recipients += job.recipients.size();
                } catch (RuntimeException e) {
                    results[index] = new Result(request, List.of(), e);
                }
            }
            if (!round.isEmpty() && !rounds.deliver(round, results)) {
                // A statement shared by the round failed (a database error that a single event may cause, such
                // as a value the column refuses): each event goes again on its own, so that one bad event fails
                // alone and the others keep their normal latency. The ledger makes going again harmless.
                for (Job job : round) {
                    results[job.index] = null;
                    try {
                        rounds.deliver(List.of(prepare(job.index, job.request)), results);
                    } catch (RuntimeException e) {
                        results[job.index] = new Result(job.request, List.of(), e);
                    }
                }
            }
            pending = later;
        }
        return List.of(results);
    }

    private Job prepare(int index, DeliveryRequest request) {
        return new Job(index, request, messages.render(request), resolver.resolve(request.recipients()));
    }
}
