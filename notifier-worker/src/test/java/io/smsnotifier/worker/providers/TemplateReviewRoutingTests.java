package io.smsnotifier.worker.providers;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing around services that rejected the template, and the snapshot it reads. */
class TemplateReviewRoutingTests {

    private static final SmsTemplate BOTH = new SmsTemplate("T", "hello ${name}", List.of("name"),
            Map.of("tc", "1001"));
    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    private final Slots slots = new Slots();
    private final ServiceSlot ali = slots.slot(FakeProvider.vendor("ali"), 1, 1, false);
    private final ServiceSlot tc = slots.slot(FakeProvider.vendor("tc"), 2, 1, false);
    private final ServiceSlot hook = slots.slot(FakeProvider.webhook("hook"), 3, 1, false);
    private final TemplateReviews reviews = new TemplateReviews();
    private final List<TemplateReviews.Reviewed> known = new ArrayList<>();

    @Test
    void aServiceThatRejectedTheTemplateIsSkippedAndItsPartnersTakeIt() {
        review("ali", "T", TemplateReview.Status.REJECTED, "content not allowed");
        assertThat(names(List.of(ali, tc), null)).containsExactly("tc");
        assertThat(names(List.of(ali, tc, hook), null)).containsExactly("tc", "hook");
    }

    @Test
    void aNamedServiceThatRejectedTheTemplateIsAsIfNoneWereNamed() {
        review("tc", "1001", TemplateReview.Status.REJECTED, "no");
        assertThat(names(List.of(ali, tc), "tc")).containsExactly("ali");
    }

    @Test
    void inReviewAndApprovedAreTried() {
        review("ali", "T", TemplateReview.Status.IN_REVIEW, null);
        review("tc", "1001", TemplateReview.Status.APPROVED, null);
        assertThat(names(List.of(ali, tc), null)).containsExactly("ali", "tc");
    }

    @Test
    void rejectedAtEveryServiceIsAPermanentFailureThatNamesTheTemplateAndEachReason() {
        review("ali", "T", TemplateReview.Status.REJECTED, "signature mismatch");
        review("tc", "1001", TemplateReview.Status.REJECTED, null);
        assertThatThrownBy(() -> names(List.of(ali, tc), null))
                .isInstanceOfSatisfying(PermanentDeliveryFailure.class, failure -> {
                    assertThat(failure.errorCode()).isEqualTo(ErrorCode.VENDOR_ERROR);
                    assertThat(failure.reason()).isEqualTo("template 'T' is rejected at every service: "
                            + "ali: signature mismatch; tc: no reason given; replay once a service approves it");
                });
    }

    @Test
    void aReviewOfAnotherCodeThanTheTemplatesCodeThereDoesNotCount() {
        review("tc", "999", TemplateReview.Status.REJECTED, "old code");
        assertThat(reviews.at("tc", BOTH)).isNull();
        assertThat(names(List.of(ali, tc), "tc")).containsExactly("tc");
    }

    @Test
    void theReasonIsCleanedAndCapped() {
        TemplateReview review = new TemplateReview(TemplateReview.Status.REJECTED,
                "bad\r\nALERT forged\u202Eline " + "x".repeat(500));
        assertThat(review.reason()).doesNotContain("\r", "\n", "\u202E").startsWith("bad  ALERT forged line");
        assertThat(review.reason().codePointCount(0, review.reason().length()))
                .isLessThanOrEqualTo(TemplateReview.MAX_REASON);
        assertThat(new TemplateReview(TemplateReview.Status.APPROVED, " \n ").reason()).isNull();
    }

    private void review(String service, String vendorCode, TemplateReview.Status status, @Nullable String reason) {
        known.add(new TemplateReviews.Reviewed(service, "T", vendorCode, new TemplateReview(status, reason), AT));
        reviews.replace(known);
    }

    private List<String> names(List<ServiceSlot> services, @Nullable String requested) {
        return Routing.candidates(new ServiceSet(services, SmsServicesProperties.Routing.FAILOVER), requested, BOTH,
                Channel.SMS, new Random(1), reviews).stream().map(slot -> slot.name).toList();
    }
}
