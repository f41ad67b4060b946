package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A template as the admin API shows it.
 *
 * @param source  {@code configuration} (read-only here) or {@code database}
 * @param version the stored version to send as {@code If-Match}; null for a configured template
 * @param reviews the template's review at each vendor service in force that answered (webhooks and the sandbox
 *                take any text: none there)
 */
public record TemplateView(String code, String source, @Nullable Long version, String content, List<String> params,
                    Map<String, String> codes, boolean loginCode, @Nullable Instant updatedAt,
                    @Nullable String updatedBy, List<Review> reviews) {

    /**
     * @param status    {@code IN_REVIEW}, {@code APPROVED} or {@code REJECTED}
     * @param reason    the vendor's reason for a rejection, cleaned and at most 200 characters
     * @param checkedAt when the vendor said so
     */
    public record Review(String service, String status, @Nullable String reason, Instant checkedAt) {
    }

    public TemplateView {
        reviews = List.copyOf(reviews);
    }

    /** A template whose reviews are not known. */
    public TemplateView(String code, String source, @Nullable Long version, String content, List<String> params,
                        Map<String, String> codes, boolean loginCode, @Nullable Instant updatedAt,
                        @Nullable String updatedBy) {
        this(code, source, version, content, params, codes, loginCode, updatedAt, updatedBy, List.of());
    }

    /** This view with {@code reviews}. */
    public TemplateView withReviews(List<Review> reviews) {
        return new TemplateView(code, source, version, content, params, codes, loginCode, updatedAt, updatedBy,
                reviews);
    }
}
