package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TriageTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Recipient ALICE = Recipient.reachable("u-1", "+8613800000001");
    private static final Recipient BOB = Recipient.reachable("u-2", "+8613800000002");
    private static final Recipient NO_PHONE = Recipient.unreachable("u-3", null, "no phone number");
    private static final RenderedMessage NOTICE = message(false);

    @Test
    void sendsToOpenRowsThisAttemptHolds() {
        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE, BOB),
                Map.of(ALICE.key(), open(1), BOB.key(), open(2)), Map.of());

        assertThat(plan.owed()).containsExactly(ALICE, BOB);
        assertThat(plan.decided()).isEmpty();
        assertThat(plan.elsewhere()).isZero();
    }

    @Test
    void leavesRowsAnotherCopyHoldsToThatCopy() {
        LedgerEntry heldElsewhere = new LedgerEntry(1, ALICE.key(), true, null, 0, false, null, null, null, null, null, "2026-12-01", false);

        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE, BOB),
                Map.of(ALICE.key(), heldElsewhere, BOB.key(), open(2)), Map.of());

        assertThat(plan.owed()).containsExactly(BOB);
        assertThat(plan.elsewhere()).isEqualTo(1);
    }

    @Test
    void republishesASettledOutcomeThatNeverReachedTheTopicAndSkipsOnesThatDid() {
        LedgerEntry unpublished = settled(1, ALICE.key(), false);
        LedgerEntry published = settled(2, BOB.key(), true);

        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE, BOB),
                Map.of(ALICE.key(), unpublished, BOB.key(), published), Map.of());

        assertThat(plan.decided()).containsExactly(new Triage.Republish(unpublished));
        assertThat(plan.owed()).isEmpty();
    }

    @Test
    void settlesUnreachableRecipientsAsSkippedInRecipientOrder() {
        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(NO_PHONE, ALICE),
                Map.of(NO_PHONE.key(), open(1), ALICE.key(), open(2)), Map.of());

        assertThat(plan.decided()).singleElement().isInstanceOfSatisfying(Triage.Verdict.class, verdict -> {
            assertThat(verdict.status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(verdict.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(verdict.reason()).isEqualTo("no phone number");
        });
        assertThat(plan.owed()).containsExactly(ALICE);
    }

    @Test
    void settlesAnExpiredCodeWithoutSendingIt() {
        Triage.Plan plan = plan(request(Lane.LOGIN_CODE, NOW), NOTICE, List.of(ALICE), Map.of(ALICE.key(), open(1)),
                Map.of());

        assertThat(plan.decided()).singleElement().isInstanceOfSatisfying(Triage.Verdict.class,
                verdict -> assertThat(verdict.status()).isEqualTo(DeliveryStatus.EXPIRED));
        assertThat(plan.toAdmit()).isEmpty();
    }

    @Test
    void loginCodesAndCodeTemplatesWaitForAdmission() {
        Triage.Plan code = plan(request(Lane.LOGIN_CODE, NOW.plusSeconds(60)), NOTICE, List.of(ALICE),
                Map.of(ALICE.key(), open(1)), Map.of());
        Triage.Plan apiCode = plan(request(Lane.BULK, null), message(true), List.of(ALICE),
                Map.of(ALICE.key(), open(1)), Map.of());

        assertThat(code.toAdmit()).containsExactly(ALICE);
        assertThat(apiCode.toAdmit()).containsExactly(ALICE);
        assertThat(code.owed()).isEmpty();
    }

    @Test
    void anInDoubtRowTheVendorConfirmsIsSettledSentNotResent() {
        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE), Map.of(ALICE.key(), inDoubt(7)),
                Map.of(7L, Optional.of(true)));

        assertThat(plan.decided()).singleElement().isInstanceOfSatisfying(Triage.Verdict.class, verdict -> {
            assertThat(verdict.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(verdict.service()).isEqualTo("aliyun-main");
        });
        assertThat(plan.owed()).isEmpty();
    }

    @Test
    void anInDoubtRowNotAskedInTimeIsLeftForTheRetry() {
        Triage.Plan plan = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE), Map.of(ALICE.key(), inDoubt(7)),
                Map.of());

        assertThat(plan.unresolved()).isEqualTo(1);
        assertThat(plan.owed()).isEmpty();
        assertThat(plan.decided()).isEmpty();
    }

    @Test
    void anInDoubtRowTheVendorCannotTellAboutFollowsTheUnknownPolicy() {
        Map<Long, Optional<Boolean>> cannotTell = Map.of(7L, Optional.empty());

        Triage.Plan resend = plan(request(Lane.BULK, null), NOTICE, List.of(ALICE), Map.of(ALICE.key(), inDoubt(7)),
                cannotTell);
        Triage.Plan fail = Triage.plan(request(Lane.BULK, null), NOTICE, List.of(ALICE),
                Map.of(ALICE.key(), inDoubt(7)), cannotTell, DeliveryProperties.UnknownPolicy.FAIL, NOW);

        assertThat(resend.owed()).containsExactly(ALICE);
        assertThat(fail.decided()).singleElement().isInstanceOfSatisfying(Triage.Verdict.class, verdict -> {
            assertThat(verdict.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(verdict.errorCode()).isEqualTo(ErrorCode.REQUEST_FAILED);
        });
    }

    @Test
    void anInDoubtRowTheVendorSaysItNeverGotIsSentAgain() {
        Triage.Plan plan = Triage.plan(request(Lane.BULK, null), NOTICE, List.of(ALICE),
                Map.of(ALICE.key(), inDoubt(7)), Map.of(7L, Optional.of(false)), DeliveryProperties.UnknownPolicy.FAIL,
                NOW);

        assertThat(plan.owed()).containsExactly(ALICE);
    }

    private static Triage.Plan plan(DeliveryRequest request, RenderedMessage message, List<Recipient> recipients,
                                    Map<String, LedgerEntry> ledger, Map<Long, Optional<Boolean>> vendorSays) {
        return Triage.plan(request, message, recipients, ledger, vendorSays, DeliveryProperties.UnknownPolicy.RESEND,
                NOW);
    }

    private static DeliveryRequest request(Lane lane, Instant expiresAt) {
        return new DeliveryRequest("e-1", NOW, lane == Lane.LOGIN_CODE ? "login.code" : "sms.notify", lane, Channel.SMS,
                null, "T", Map.of(), Recipients.ofPhones(ALICE.phone()), expiresAt, "holder|m#1|t/0/1");
    }

    private static RenderedMessage message(boolean loginCode) {
        SmsTemplate template = new SmsTemplate("T", "hello", List.of(), Map.of(), loginCode);
        return new RenderedMessage(template, Map.of(), "hello");
    }

    private static LedgerEntry open(long id) {
        return new LedgerEntry(id, "k" + id, true, null, 0, false, null, null, null, null, null, "2026-12-01", true);
    }

    private static LedgerEntry inDoubt(long id) {
        return new LedgerEntry(id, "k" + id, true, null, 1, true, "aliyun-main", null, "42", NOW.minusSeconds(5), null, "2026-12-01", true);
    }

    private static LedgerEntry settled(long id, String key, boolean published) {
        return new LedgerEntry(id, key, true, DeliveryStatus.SENT, 1, false, "aliyun-main", null, null, null,
                new LedgerEntry.Settled("u", "138****0001", "m-1", null, null, NOW, published), "2026-12-01", true);
    }
}
