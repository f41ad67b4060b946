package io.smsnotifier.worker.providers;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which services a message tries, in which order: a pure function of the services, the message and the random
 * draws ({@code random} and {@code weighted} routing take one each).
 */
final class Routing {

    private Routing() {
    }

    /**
     * The services to try, in order: {@code failover} by priority, {@code random}, or {@code weighted} (one drawn
     * by weight first, the rest by priority); a named service first; voice only through services that send
     * rendered text. The first is always eligible; later ones only when they send rendered text or the template
     * has a code for them, since another vendor's template code would be refused. A named service that is not
     * enabled leaves the services the template has a code for.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the named service is not an enabled one (that can place
     *                                  voice calls, for voice) and the template has no code elsewhere, or voice
     *                                  has no service
     */
    static List<ServiceSlot> candidates(ServiceSet services, @Nullable String requested, SmsTemplate template,
                                        Channel channel, RandomGenerator random) {
        return candidates(services, requested, template, channel, random, new TemplateReviews());
    }

    /**
     * As above, less the services that rejected the template: such a service would refuse the message, so it is
     * treated as not in the pool for it; a named one that rejected it is as if none were named. Which services may
     * take the template is decided first (a later service needs a code for it), so a rejection never sends the
     * template's code to a service that does not know it. A template only in review is tried: the vendor may have approved it
     * since the last poll, and if not its refusal fails over as any refusal does; skipping it could leave a
     * message undelivered for up to a poll interval after the approval.
     *
     * @throws PermanentDeliveryFailure {@code 46002} when every service left rejected the template; the reason
     *                                  names the template and each service's reason
     */
    static List<ServiceSlot> candidates(ServiceSet services, @Nullable String requested, SmsTemplate template,
                                        Channel channel, RandomGenerator random, TemplateReviews reviews) {
        String named = requested != null && reviews.rejected(requested, template) ? null : requested;
        List<ServiceSlot> eligible = eligible(services, named, template, channel, random);
        List<ServiceSlot> approved = eligible.stream().filter(slot -> !reviews.rejected(slot.name, template))
                .toList();
        if (approved.isEmpty()) {
            throw new PermanentDeliveryFailure(ErrorCode.VENDOR_ERROR, rejectedEverywhere(eligible, template,
                    reviews));
        }
        return approved.size() == eligible.size() ? eligible : approved;
    }

    static String rejectedEverywhere(List<ServiceSlot> services, SmsTemplate template, TemplateReviews reviews) {
        StringBuilder reason = new StringBuilder("template '").append(template.code())
                .append("' is rejected at every service: ");
        for (int i = 0; i < services.size(); i++) {
            TemplateReviews.Reviewed reviewed = reviews.at(services.get(i).name, template);
            String why = reviewed == null ? null : reviewed.review().reason();
            reason.append(i == 0 ? "" : "; ").append(services.get(i).name).append(": ")
                    .append(why == null ? "no reason given" : why);
        }
        return reason.append("; replay once a service approves it").toString();
    }

    private static List<ServiceSlot> eligible(ServiceSet services, @Nullable String requested, SmsTemplate template,
                                              Channel channel, RandomGenerator random) {
        List<ServiceSlot> pool = services.pool();
        if (channel == Channel.VOICE) {
            pool = pool.stream().filter(slot -> slot.provider.sendsRenderedText()).toList();
            if (pool.isEmpty()) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                        "voice codes need a webhook service; none is enabled");
            }
        }
        List<ServiceSlot> ordered = order(pool, services.routing(), random);
        if (requested != null && !requested.isBlank() && services.exclusive() == null) {
            ServiceSlot named = services.named(requested);
            if (named == null || !pool.contains(named)) {
                return partners(ordered, requested, template, channel);
            }
            ordered.remove(named);
            ordered.addFirst(named);
        }
        List<ServiceSlot> eligible = new ArrayList<>();
        for (ServiceSlot slot : ordered) {
            if (eligible.isEmpty() || slot.provider.sendsRenderedText() || template.hasCodeFor(slot.name)) {
                eligible.add(slot);
            }
        }
        return eligible;
    }

    /**
     * A named service that is not enabled (disabled, deleted, or never there): the message goes to the services
     * the template has a code for, as failover would have taken it; with none, it cannot be sent as asked.
     */
    private static List<ServiceSlot> partners(List<ServiceSlot> ordered, String requested, SmsTemplate template,
                                              Channel channel) {
        List<ServiceSlot> partners = ordered.stream().filter(slot -> template.hasCodeFor(slot.name)).toList();
        if (partners.isEmpty()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "smsService '" + LogSafe.key(requested)
                    + "' is not an enabled service" + (channel == Channel.VOICE ? " that can place voice calls" : "")
                    + " (disabled, deleted or never configured) and template '" + template.code()
                    + "' has no code at an enabled service"
                    + (channel == Channel.VOICE ? " that can" : "") + "; replay once the service is back");
        }
        return partners;
    }

    private static List<ServiceSlot> order(List<ServiceSlot> pool, SmsServicesProperties.Routing routing,
                                           RandomGenerator random) {
        List<ServiceSlot> ordered = new ArrayList<>(pool);
        switch (routing) {
            case FAILOVER -> {
            }
            case RANDOM -> Collections.shuffle(ordered, random);
            case WEIGHTED -> {
                int pick = random.nextInt(pool.stream().mapToInt(slot -> slot.config.common().weight()).sum());
                ServiceSlot first = pool.getFirst();
                for (ServiceSlot slot : pool) {
                    pick -= slot.config.common().weight();
                    if (pick < 0) {
                        first = slot;
                        break;
                    }
                }
                ordered.remove(first);
                ordered.addFirst(first);
            }
        }
        return ordered;
    }
}
