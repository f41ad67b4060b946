package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way one request to one service can end, around a fake provider. */
class ServiceSlotTests {

    private static final String A = "+8613700000001";
    private static final String B = "+8613700000002";
    private static final String C = "+8613700000003";

    private final Slots slots = new Slots();
    private final Slots.Journal journal = new Slots.Journal();

    @Test
    void acceptedNumbersAreDeliveredAndTheJournalHearsOfTheRequestBeforeItLeaves() {
        FakeProvider provider = FakeProvider.vendor("ali");
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A, B), journal);

        assertThat(dispatch.delivered()).containsOnlyKeys(A, B);
        assertThat(dispatch.delivered().get(A).sent()).isTrue();
        assertThat(dispatch.delivered().get(A).providerMessageId()).isEqualTo("id-" + A);
        assertThat(dispatch.owed()).isEmpty();
        assertThat(dispatch.lastFailure()).isNull();
        assertThat(journal.events).as("out-id is the request's lowest ledger id")
                .containsExactly("sending ali 100 [" + A + ", " + B + "]");
        assertThat(requests("ANSWERED")).isEqualTo(1);
    }

    @Test
    void numbersBeyondWhatOneRequestTakesGoInFurtherRequests() {
        FakeProvider provider = new FakeProvider("ali", false, false, 2);
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(Slots.phones(5).toArray(String[]::new)), journal);

        assertThat(provider.requests).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(dispatch.delivered()).hasSize(5);
    }

    @Test
    void aRequestThatCertainlyFailedIsOwedAndNotSent() {
        ProviderFailure refused = ProviderFailure.requestFailed("HTTP 503", "down", null);
        FakeProvider provider = FakeProvider.vendor("ali").thenFails(refused);
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A), journal);

        assertThat(dispatch.owed()).containsExactly(A);
        assertThat(dispatch.lastFailure()).isSameAs(refused);
        assertThat(dispatch.eventFailure()).isNull();
        assertThat(journal.events).containsExactly("sending ali 100 [" + A + "]", "notSent [" + A + "]");
        assertThat(requests("RETRYABLE")).isEqualTo(1);
    }

    @Test
    void aRequestCarryingANumberAnotherCopyOfTheEventHoldsDoesNotLeaveAndItsNumbersAreOwed() {
        FakeProvider provider = FakeProvider.vendor("ali");
        journal.heldElsewhere.add(B);
        ServiceSlot slot = slots.slot(provider);
        Dispatch dispatch = slot.send(Slots.sms(A, B), journal);

        assertThat(provider.requests).as("nothing went out").isEmpty();
        assertThat(dispatch.owed()).containsExactly(A, B);
        assertThat(dispatch.inDoubt()).isEmpty();
        assertThat(dispatch.lastFailure().reason()).contains("another copy of this event");
        assertThat(journal.events).containsExactly("refused ali [" + A + ", " + B + "]");
        assertThat(slot.inRotation()).as("the service did nothing wrong").isTrue();
    }

    @Test
    void aRequestWhoseAnswerWasLostIsInDoubtNotOwed() {
        FakeProvider provider = FakeProvider.vendor("ali").thenFails(ProviderFailure.noAnswer(null, "timeout", null));
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A), journal);

        assertThat(dispatch.owed()).as("owed numbers go to the next service").isEmpty();
        assertThat(dispatch.inDoubt()).containsExactly(A);
        assertThat(journal.events).as("the ledger keeps the row in doubt").containsExactly("sending ali 100 [" + A + "]");
    }

    @Test
    void retryableFailuresThatOpenTheCircuitOweTheRestWithoutSendingIt() {
        FakeProvider provider = new FakeProvider("ali", false, false, 1)
                .thenFails(ProviderFailure.requestFailed(null, "down", null))
                .thenFails(ProviderFailure.requestFailed(null, "down", null));
        ServiceSlot slot = slots.slot(provider);
        Dispatch dispatch = slot.send(Slots.sms(A, B, C), journal);

        assertThat(provider.requests).hasSize(2);
        assertThat(dispatch.owed()).containsExactly(A, B, C);
        assertThat(slot.inRotation()).isFalse();
        assertThat(slot.status(true).circuit()).isEqualTo("OPEN");
    }

    @Test
    void anOpsBlockingFailureHoldsTheServiceOutOwesTheRestAndAlertsOnce() {
        FakeProvider provider = new FakeProvider("ali", false, false, 1)
                .thenFails(ProviderFailure.vendorError(FailureClass.OPS_BLOCKING, "isv.AMOUNT_NOT_ENOUGH", "no money"));
        ServiceSlot slot = slots.slot(provider);
        Dispatch dispatch = slot.send(Slots.sms(A, B), journal);

        assertThat(provider.requests).containsExactly(List.of(A));
        assertThat(dispatch.owed()).containsExactly(A, B);
        assertThat(dispatch.lastFailure().providerErrorCode()).isEqualTo("isv.AMOUNT_NOT_ENOUGH");
        assertThat(slot.inRotation()).isFalse();
        ServiceStatus status = slot.status(true);
        assertThat(status.circuit()).isEqualTo("FORCED_OPEN");
        assertThat(status.blockedBy()).isEqualTo("isv.AMOUNT_NOT_ENOUGH");
        assertThat(status.blockedUntil()).isEqualTo(slots.now.plus(Slots.HOLD));

        Dispatch again = slot.send(Slots.sms(C), journal);
        assertThat(again.owed()).containsExactly(C);
        assertThat(again.lastFailure().reason()).isEqualTo("circuit of ali is open");
        assertThat(provider.requests).as("nothing more reaches a held service").hasSize(1);
        assertThat(slots.meters.counter("notifier.sms.service.blocked", "service", "ali").count()).isEqualTo(1);
    }

    @Test
    void aHoldEndsByItselfOnceItHasPassed() {
        FakeProvider provider = FakeProvider.vendor("ali")
                .thenFails(ProviderFailure.vendorError(FailureClass.OPS_BLOCKING, "isv.OUT_OF_SERVICE", "suspended"));
        ServiceSlot slot = slots.slot(provider);
        slot.send(Slots.sms(A), journal);
        slots.now = slots.now.plus(Slots.HOLD).plusSeconds(1);

        assertThat(slot.inRotation()).isTrue();
        ServiceStatus status = slot.status(true);
        assertThat(status.circuit()).isEqualTo("CLOSED");
        assertThat(status.blockedUntil()).isNull();
        assertThat(status.blockedBy()).isNull();
        assertThat(slot.send(Slots.sms(A), journal).delivered()).containsKey(A);
    }

    @Test
    void anOpsBlockingRefusalOfOneNumberHoldsTheServiceOutToo() {
        FakeProvider provider = FakeProvider.vendor("tc").then(sms -> FakeProvider.answers(Map.of(
                A, SendResult.PhoneResult.accepted("m-1"),
                B, SendResult.PhoneResult.refused("FailedOperation.InsufficientBalanceInSmsPackage",
                        FailureClass.OPS_BLOCKING, "no balance"),
                C, SendResult.PhoneResult.refused("InvalidParameterValue.IncorrectPhoneNumber",
                        FailureClass.PERMANENT_FOR_NUMBER, "bad number"))));
        ServiceSlot slot = slots.slot(provider);
        Dispatch dispatch = slot.send(Slots.sms(A, B, C), journal);

        assertThat(dispatch.delivered().get(A).sent()).isTrue();
        assertThat(dispatch.delivered().get(C).sent()).isFalse();
        assertThat(dispatch.delivered().get(C).errorCode()).isEqualTo(ErrorCode.VENDOR_ERROR);
        assertThat(dispatch.owed()).containsExactly(B);
        assertThat(journal.events).endsWith("notSent [" + B + "]");
        assertThat(slot.status(true).blockedBy()).isEqualTo("FailedOperation.InsufficientBalanceInSmsPackage");
    }

    @Test
    void numbersTheAnswerDoesNotMentionAreInDoubtNotOwed() {
        FakeProvider provider = FakeProvider.vendor("tc").then(sms -> FakeProvider.answers(Map.of(
                A, SendResult.PhoneResult.refused("RequestLimitExceeded", FailureClass.RETRYABLE, "slow down"))));
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A, B), journal);

        assertThat(dispatch.owed()).containsExactly(A);
        assertThat(dispatch.inDoubt()).containsExactly(B);
        assertThat(journal.events).endsWith("notSent [" + A + "]");
    }

    @Test
    void aRequestRefusedForOneOfItsNumbersIsSentAgainNumberByNumber() {
        ProviderFailure illegal = ProviderFailure.vendorError(FailureClass.PERMANENT_FOR_NUMBER,
                "isv.MOBILE_NUMBER_ILLEGAL", "illegal number");
        FakeProvider provider = FakeProvider.vendor("ali").thenFails(illegal).then(FakeProvider::acceptAll)
                .thenFails(illegal);
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A, B, C), journal);

        assertThat(provider.requests).containsExactly(List.of(A, B, C), List.of(A), List.of(B), List.of(C));
        assertThat(dispatch.delivered().get(A).sent()).isTrue();
        assertThat(dispatch.delivered().get(B).sent()).isFalse();
        assertThat(dispatch.delivered().get(B).providerErrorCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        assertThat(dispatch.delivered().get(C).sent()).isTrue();
        assertThat(dispatch.owed()).isEmpty();
    }

    @Test
    void aMessageRefusedAsAWholeStopsAndOwesEverythingLeft() {
        ProviderFailure template = ProviderFailure.vendorError(FailureClass.PERMANENT_FOR_EVENT,
                "isv.SMS_TEMPLATE_ILLEGAL", "bad template");
        FakeProvider provider = new FakeProvider("ali", false, false, 1).then(FakeProvider::acceptAll)
                .thenFails(template);
        Dispatch dispatch = slots.slot(provider).send(Slots.sms(A, B, C), journal);

        assertThat(provider.requests).hasSize(2);
        assertThat(dispatch.delivered()).containsOnlyKeys(A);
        assertThat(dispatch.owed()).containsExactly(B, C);
        assertThat(dispatch.eventFailure()).isSameAs(template);
        assertThat(dispatch.lastFailure()).isNull();
    }

    @Test
    void aLedgerWriteThatFailsGivesTheHalfOpenPermitBack() {
        FakeProvider provider = FakeProvider.vendor("ali");
        ServiceSlot slot = halfOpen(provider);
        journal.failOnSending = new IllegalStateException("database unreachable");

        Dispatch dispatch = slot.send(Slots.sms(A), journal);
        journal.failOnSending = null;

        assertThat(dispatch.owed()).as("it never left: the next service may send it").containsExactly(A);
        assertThat(dispatch.inDoubt()).isEmpty();
        assertThat(dispatch.lastFailure().errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(dispatch.lastFailure().reason()).contains("IllegalStateException", "before it left")
                .doesNotContain("database unreachable");
        assertThat(provider.requests).isEmpty();

        assertThat(slot.send(Slots.sms(A), journal).delivered()).containsKey(A);
        assertThat(slot.status(true).circuit()).isEqualTo("CLOSED");
    }

    @Test
    void noTurnAtTheServiceMeansNotSentAndThePermitBack() {
        FakeProvider provider = FakeProvider.vendor("ali");
        ServiceSlot slot = halfOpen(provider);
        slots.turns = false;

        Dispatch dispatch = slot.send(Slots.sms(A), journal);

        assertThat(dispatch.owed()).containsExactly(A);
        assertThat(dispatch.lastFailure().reason())
                .isEqualTo("rate limit of ali (max-qps 100 shared by 2 instance(s)) left no room within 30 s");
        assertThat(journal.events).containsExactly("sending ali 100 [" + A + "]", "notSent [" + A + "]");
        assertThat(provider.requests).isEmpty();
        slots.turns = true;
        assertThat(slot.send(Slots.sms(A), journal).delivered()).containsKey(A);
    }

    @Test
    void anAnswerTheAdapterDidNotUnderstandCountsAgainstTheServiceAndLeavesItsNumbersInDoubt() {
        FakeProvider provider = FakeProvider.vendor("ali").thenFails(new IllegalStateException("unparseable"));
        ServiceSlot slot = halfOpen(provider);

        Dispatch dispatch = slot.send(Slots.sms(A), journal);

        assertThat(dispatch.inDoubt()).containsExactly(A);
        assertThat(dispatch.owed()).isEmpty();
        assertThat(dispatch.lastFailure().mayHaveBeenSent()).isTrue();
        assertThat(dispatch.lastFailure().reason()).contains("IllegalStateException", "may have been sent")
                .doesNotContain("unparseable");
        assertThat(journal.events).as("it may have been sent").containsExactly("sending ali 100 [" + A + "]");
        assertThat(requests("UNEXPECTED")).isEqualTo(1);
        assertThat(slot.status(true).circuit()).isEqualTo("OPEN");
    }

    @Test
    void aStatusShowsNoSecretAndNoCredentialInTheEndpoint() {
        ServiceStatus status = slots.slot(FakeProvider.vendor("ali")).status(false);

        assertThat(status.credential()).isEqualTo("LTAI****");
        assertThat(status.inRotation()).as("another service is exclusive").isFalse();
        assertThat(status.type()).isEqualTo("aliyun");
    }

    /** A slot whose breaker is half-open with a single trial permit. */
    private ServiceSlot halfOpen(FakeProvider provider) {
        ServiceSlot slot = slots.slot(provider);
        slots.breaker("ali").transitionToOpenState();
        slots.breaker("ali").transitionToHalfOpenState();
        return slot;
    }

    private double requests(String outcome) {
        return slots.meters.counter("notifier.sms.requests", "service", "ali", "outcome", outcome).count();
    }
}
