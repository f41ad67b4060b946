package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.TemplateReviews;
import io.smsnotifier.worker.providers.TemplateReviewsPushed;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each template's review at each vendor service current: every {@code poll-every} (and 5 s after start) it
 * asks the services in force about the templates whose review is older than half of that; every 30 s it asks only
 * about the (service, template) pairs never answered (a new template, a new service, a changed code), so a change
 * is reviewed within about a minute. At most {@code budget} questions a run, the least recently answered first.
 * Answers are stored ({@code template_reviews}) and the whole table becomes routing's in-memory snapshot
 * ({@link TemplateReviews}): what other instances learnt counts here too. A vendor that cannot tell (away, wrong
 * key, unknown code) changes nothing: a template is never taken for rejected on a failed question.
 */
@Component
class TemplateReviewPoller {

    private static final Logger log = LoggerFactory.getLogger(TemplateReviewPoller.class);
    /**
     * A service that could not be asked this many times in a row in one run is not asked again in that run: it is
     * away or refusing the key, and each question could cost a whole read timeout while the run holds the poll. (A
     * code the vendor does not know is an answer, not a failure: it does not count.)
     */
    static final int GIVE_UP_AFTER = 3;

    private final SmsServices services;
    private final TemplateRegistry templates;
    private final TemplateReviewTable table;
    private final TemplateReviews reviews;
    private final TemplateReviewProperties properties;
    /** Pairs this instance asked without an answer, and when: the 30 s run leaves them to the full poll. */
    private final Map<String, Instant> unanswered = new HashMap<>();

    TemplateReviewPoller(SmsServices services, TemplateRegistry templates, TemplateReviewTable table,
                         TemplateReviews reviews, TemplateReviewProperties properties) {
        this.services = services;
        this.templates = templates;
        this.table = table;
        this.reviews = reviews;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${notifier.template-reviews.poll-every:10m}", initialDelayString = "PT5S")
    void poll() {
        run(properties.pollEvery().dividedBy(2));
    }

    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT35S")
    void newcomers() {
        run(null);
    }

    /** Asks about every pair now (within the budget), for an operator who knows a vendor just decided. */
    List<TemplateReviews.Reviewed> refresh() {
        return run(Duration.ZERO);
    }

    /**
     * Applies reviews a vendor pushed to the service's receipt address, as if the poll had asked: to each template
     * whose code at that service is the one pushed, when that service is one whose reviews count.
     */
    @EventListener
    synchronized void pushed(TemplateReviewsPushed push) {
        if (!services.reviewedServices().contains(push.service())) {
            return;
        }
        Instant now = Instant.now();
        Map<String, TemplateReviews.Reviewed> known = new HashMap<>();
        table.all().forEach(reviewed -> known.put(key(reviewed.service(), reviewed.templateCode()), reviewed));
        for (SmsTemplate template : templates.all()) {
            TemplateReview review = push.reviews().get(template.codeAt(push.service()));
            if (review != null) {
                TemplateReviews.Reviewed last = known.get(key(push.service(), template.code()));
                TemplateReviews.Reviewed next = new TemplateReviews.Reviewed(push.service(), template.code(),
                        template.codeAt(push.service()), review, now);
                table.save(next);
                known.put(key(push.service(), template.code()), next);
                logChange(last != null && last.vendorCode().equals(next.vendorCode()) ? last : null, next);
            }
        }
        reviews.replace(known.values());
    }

    /**
     * @param freshFor a review younger than this is not asked again; null: only pairs never answered
     */
    private synchronized List<TemplateReviews.Reviewed> run(@Nullable Duration freshFor) {
        Instant now = Instant.now();
        Map<String, TemplateReviews.Reviewed> known = new HashMap<>();
        try {
            table.all().forEach(reviewed -> known.put(key(reviewed.service(), reviewed.templateCode()), reviewed));
            Map<String, Integer> failures = new HashMap<>();
            for (Due due : due(known, freshFor, now)) {
                if (failures.getOrDefault(due.service(), 0) < GIVE_UP_AFTER) {
                    boolean asked = ask(due, known, now);
                    failures.put(due.service(), asked ? 0 : failures.getOrDefault(due.service(), 0) + 1);
                }
            }
        } catch (RuntimeException e) {
            // The class only: a database or vendor message could quote anything.
            log.warn("template review poll failed reason={}", e.getClass().getSimpleName());
        }
        reviews.replace(known.values());
        return List.copyOf(known.values());
    }

    private record Due(String service, SmsTemplate template, String vendorCode,
                       TemplateReviews.@Nullable Reviewed last) {
    }

    private List<Due> due(Map<String, TemplateReviews.Reviewed> known, @Nullable Duration freshFor, Instant now) {
        List<Due> due = new ArrayList<>();
        for (String service : services.reviewedServices()) {
            for (SmsTemplate template : templates.all()) {
                String key = key(service, template.code());
                String vendorCode = template.codeAt(service);
                TemplateReviews.Reviewed last = known.get(key);
                TemplateReviews.Reviewed current = last != null && last.vendorCode().equals(vendorCode) ? last : null;
                boolean ask = freshFor == null
                        ? current == null && !recentlyUnanswered(key, now)
                        : current == null || !current.checkedAt().isAfter(now.minus(freshFor));
                if (ask) {
                    due.add(new Due(service, template, vendorCode, current));
                }
            }
        }
        due.sort(Comparator.comparing((Due d) -> d.last() == null ? Instant.MIN : d.last().checkedAt()));
        return due.size() > properties.budget() ? due.subList(0, properties.budget()) : due;
    }

    private boolean recentlyUnanswered(String key, Instant now) {
        Instant at = unanswered.get(key);
        return at != null && at.isAfter(now.minus(properties.pollEvery()));
    }

    /** @return false when the service could not be asked */
    private boolean ask(Due due, Map<String, TemplateReviews.Reviewed> known, Instant now) {
        String key = key(due.service(), due.template().code());
        Optional<TemplateReview> review;
        try {
            review = services.reviewOf(due.service(), due.vendorCode());
        } catch (ProviderFailure e) {
            unanswered.put(key, now);
            log.debug("template review not read service={} reason={}", LogSafe.key(due.service()),
                    LogSafe.key(e.providerErrorCode()));
            return false;
        }
        if (review.isEmpty()) {
            unanswered.put(key, now);
            return true;
        }
        unanswered.remove(key);
        TemplateReviews.Reviewed next = new TemplateReviews.Reviewed(due.service(), due.template().code(),
                due.vendorCode(), review.get(), now);
        table.save(next);
        known.put(key, next);
        logChange(due.last(), next);
        return true;
    }

    /** One line when a review changes, or is first learnt and is not an approval. */
    private static void logChange(TemplateReviews.@Nullable Reviewed last, TemplateReviews.Reviewed next) {
        TemplateReview review = next.review();
        boolean changed = last == null ? review.status() != TemplateReview.Status.APPROVED
                : last.review().status() != review.status() || !Objects.equals(last.review().reason(), review.reason());
        if (changed) {
            log.info("template review template={} service={} status={} reason={}", LogSafe.key(next.templateCode()),
                    LogSafe.key(next.service()), review.status(),
                    review.reason() == null ? "-" : LogSafe.text(review.reason()));
        }
    }

    private static String key(String service, String templateCode) {
        return service + '\u0000' + templateCode;
    }
}
