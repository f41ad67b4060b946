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
 */
public record TemplateView(String code, String source, @Nullable Long version, String content, List<String> params,
                    Map<String, String> codes, boolean loginCode, @Nullable Instant updatedAt,
                    @Nullable String updatedBy) {
}
