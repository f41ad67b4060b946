package io.smsnotifier.worker.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.template-reviews.*}: how each template's review at each vendor service is kept current
 * ({@link TemplateReviewPoller}). Not under {@code notifier.templates}, whose every key is a template's code.
 *
 * @param pollEvery how often every (service, template) is asked again; a review younger than half of it, stored by
 *                  any instance, is not asked again, so instances share the questions
 * @param budget    at most this many questions to the vendors per run (each is one request), the oldest answers
 *                  first; the rest waits for the next run
 */
@Validated
@ConfigurationProperties("notifier.template-reviews")
record TemplateReviewProperties(@DefaultValue("10m") @NotNull Duration pollEvery,
                                @DefaultValue("100") @Min(1) @Max(10_000) int budget) {
}
