package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.TemplateReviews;
import io.smsnotifier.worker.providers.TemplateReviewsPushed;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What the poll asks of the vendors, what it keeps, and what routing's snapshot then holds. */
class TemplateReviewPollerTests {

    private static final SmsTemplate A = new SmsTemplate("A", "a", List.of(), Map.of("tc", "1001"));
    private static final SmsTemplate B = new SmsTemplate("B", "b", List.of(), Map.of());

    private final SmsServices services = mock(SmsServices.class);
    private final TemplateRegistry registry = mock(TemplateRegistry.class);
    private final TemplateReviewTable table = mock(TemplateReviewTable.class);
    private final TemplateReviews reviews = new TemplateReviews();
    private final List<TemplateReviews.Reviewed> stored = new ArrayList<>();

    @BeforeEach
    void setUp() {
        when(services.reviewedServices()).thenReturn(List.of("ali", "tc"));
        when(registry.all()).thenReturn(List.of(A, B));
        when(table.all()).thenAnswer(invocation -> List.copyOf(stored));
        doAnswer(invocation -> {
            TemplateReviews.Reviewed saved = invocation.getArgument(0);
            stored.removeIf(old -> old.service().equals(saved.service())
                    && old.templateCode().equals(saved.templateCode()));
            stored.add(saved);
            return null;
        }).when(table).save(any());
        when(services.reviewOf(anyString(), anyString())).thenReturn(Optional.of(TemplateReview.approved()));
    }

    private TemplateReviewPoller poller(int budget) {
        return new TemplateReviewPoller(services, registry, table, reviews,
                new TemplateReviewProperties(Duration.ofMinutes(10), budget));
    }

    @Test
    void eachServiceIsAskedAboutEachTemplateUnderItsCodeThereAndRoutingSeesTheAnswers() {
        when(services.reviewOf("tc", "1001")).thenReturn(Optional.of(
                new TemplateReview(TemplateReview.Status.REJECTED, "no")));

        poller(100).refresh();

        verify(services).reviewOf("ali", "A");
        verify(services).reviewOf("ali", "B");
        verify(services).reviewOf("tc", "1001");
        verify(services).reviewOf("tc", "B");
        assertThat(stored).hasSize(4);
        assertThat(reviews.at("tc", A)).isNotNull()
                .satisfies(reviewed -> assertThat(reviewed.review().reason()).isEqualTo("no"));
        assertThat(reviews.at("ali", A).review().status()).isEqualTo(TemplateReview.Status.APPROVED);
    }

    @Test
    void aVendorThatCannotTellChangesNothing() {
        poller(100).refresh();
        when(services.reviewOf("ali", "A")).thenReturn(Optional.empty());

        poller(100).refresh();

        assertThat(reviews.at("ali", A)).isNotNull();
        assertThat(reviews.at("ali", A).review().status()).isEqualTo(TemplateReview.Status.APPROVED);
    }

    @Test
    void aServiceThatCannotBeAskedThreeTimesInARowIsNotAskedAgainInThatRunButUnknownCodesDoNotCount() {
        List<SmsTemplate> many = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            many.add(new SmsTemplate("T" + i, "t", List.of(), Map.of()));
        }
        when(registry.all()).thenReturn(many);
        when(services.reviewOf(org.mockito.ArgumentMatchers.eq("ali"), anyString()))
                .thenThrow(ProviderFailure.requestFailed(null, "away", null));
        when(services.reviewOf(org.mockito.ArgumentMatchers.eq("tc"), anyString())).thenReturn(Optional.empty());

        poller(100).refresh();

        verify(services, org.mockito.Mockito.times(TemplateReviewPoller.GIVE_UP_AFTER))
                .reviewOf(org.mockito.ArgumentMatchers.eq("ali"), anyString());
        verify(services, org.mockito.Mockito.times(6)).reviewOf(org.mockito.ArgumentMatchers.eq("tc"), anyString());
    }

    @Test
    void theBudgetAsksTheLeastRecentlyAnsweredFirst() {
        stored.add(reviewed("ali", "A", "A", Instant.now().minus(Duration.ofHours(2))));
        stored.add(reviewed("ali", "B", "B", Instant.now().minus(Duration.ofHours(1))));
        stored.add(reviewed("tc", "A", "1001", Instant.now().minus(Duration.ofHours(3))));

        poller(2).refresh();

        verify(services).reviewOf("tc", "B");
        verify(services).reviewOf("tc", "1001");
        verify(services, never()).reviewOf("ali", "A");
        verify(services, never()).reviewOf("ali", "B");
    }

    @Test
    void theFrequentRunAsksOnlyPairsNeverAnsweredOrWhoseCodeChanged() {
        stored.add(reviewed("ali", "A", "A", Instant.now().minus(Duration.ofDays(1))));
        stored.add(reviewed("ali", "B", "B", Instant.now().minus(Duration.ofDays(1))));
        stored.add(reviewed("tc", "A", "999", Instant.now().minus(Duration.ofDays(1))));
        when(services.reviewOf("tc", "B")).thenReturn(Optional.empty());
        TemplateReviewPoller poller = poller(100);

        poller.newcomers();
        poller.newcomers();

        verify(services).reviewOf("tc", "1001");
        verify(services).reviewOf("tc", "B");
        verify(services, never()).reviewOf("ali", "A");
        verify(services, never()).reviewOf("ali", "B");
    }

    @Test
    void theScheduledPollLeavesReviewsYoungerThanHalfItsInterval() {
        stored.add(reviewed("ali", "A", "A", Instant.now().minus(Duration.ofMinutes(1))));
        stored.add(reviewed("ali", "B", "B", Instant.now().minus(Duration.ofMinutes(6))));

        poller(100).poll();

        verify(services, never()).reviewOf("ali", "A");
        verify(services).reviewOf("ali", "B");
    }

    @Test
    void aPushedReviewCountsForEachTemplateOfThatCodeAtThatServiceAndNoOtherService() {
        poller(100).pushed(new TemplateReviewsPushed("tc", Map.of("1001",
                new TemplateReview(TemplateReview.Status.REJECTED, "pushed"), "A", TemplateReview.approved())));
        poller(100).pushed(new TemplateReviewsPushed("gone", Map.of("A", TemplateReview.approved())));

        assertThat(stored).singleElement().satisfies(reviewed -> {
            assertThat(reviewed.service()).isEqualTo("tc");
            assertThat(reviewed.templateCode()).isEqualTo("A");
            assertThat(reviewed.review().reason()).isEqualTo("pushed");
        });
        assertThat(reviews.at("tc", A).review().status()).isEqualTo(TemplateReview.Status.REJECTED);
        verify(services, never()).reviewOf(anyString(), anyString());
    }

    private static TemplateReviews.Reviewed reviewed(String service, String template, String vendorCode,
                                                     Instant at) {
        return new TemplateReviews.Reviewed(service, template, vendorCode, TemplateReview.approved(), at);
    }
}
