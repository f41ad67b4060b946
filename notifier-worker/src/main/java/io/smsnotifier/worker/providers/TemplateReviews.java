package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each template's review at each service as last learnt, in memory: routing reads it for every message, so a send
 * never waits for the database or a vendor. The catalog's poll replaces it whole ({@link #replace}) after asking
 * the vendors and reading what every instance stored. A review counts only while the template's code at that
 * service is the one that was asked about: a template given another code there is unknown until asked again.
 * Thread-safe.
 */
@Component
public class TemplateReviews {

    /**
     * One template's review at one service.
     *
     * @param vendorCode the code the service was asked about (the template's code there at the time)
     */
    public record Reviewed(String service, String templateCode, String vendorCode, TemplateReview review,
                           Instant checkedAt) {
    }

    private volatile Map<String, Reviewed> byKey = Map.of();

    /** Puts {@code reviews} in force in place of everything known before. */
    public void replace(Collection<Reviewed> reviews) {
        Map<String, Reviewed> next = new HashMap<>();
        reviews.forEach(reviewed -> next.put(key(reviewed.service(), reviewed.templateCode()), reviewed));
        this.byKey = Map.copyOf(next);
    }

    /** The review of {@code template} at {@code service}, when one is known for its current code there. */
    public @Nullable Reviewed at(String service, SmsTemplate template) {
        Reviewed reviewed = byKey.get(key(service, template.code()));
        return reviewed != null && reviewed.vendorCode().equals(template.codeAt(service)) ? reviewed : null;
    }

    /** The review of {@code template} at each of {@code services} that has one, in that order. */
    public List<Reviewed> of(SmsTemplate template, List<String> services) {
        List<Reviewed> reviews = new ArrayList<>();
        for (String service : services) {
            Reviewed reviewed = at(service, template);
            if (reviewed != null) {
                reviews.add(reviewed);
            }
        }
        return reviews;
    }

    /** True when {@code service} rejected {@code template} as it is coded there now. */
    boolean rejected(String service, SmsTemplate template) {
        Reviewed reviewed = at(service, template);
        return reviewed != null && reviewed.review().status() == TemplateReview.Status.REJECTED;
    }

    private static String key(String service, String templateCode) {
        return service + '\u0000' + templateCode;
    }
}
