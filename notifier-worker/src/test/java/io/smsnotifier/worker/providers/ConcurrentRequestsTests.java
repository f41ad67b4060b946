package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One message's requests to one service in flight together ({@code notifier.sms.requests-per-message}): each
 * answer counts as it would had the requests gone one after the other, whichever order the answers come in.
 */
class ConcurrentRequestsTests {

    private static final List<String> P = Slots.phones(16);

    private final Slots slots = new Slots();
    private final Slots.Journal journal = new Slots.Journal();
    private final ExecutorService sender = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopSender() {
        sender.shutdownNow();
    }

    @Test
    void everyWayARequestEndsCountsAsItWouldAloneWhileTheOthersAreInFlight() throws Exception {
        slots.requestsPerMessage = 4;
        slots.breakerWindow = 100;
        GatedProvider provider = new GatedProvider("tc", 2);
        CompletableFuture<Dispatch> sent = send(provider, P);
        // Eight requests of two numbers; four go out at once.
        provider.arrived(P.get(0), P.get(1));
        provider.arrived(P.get(2), P.get(3));
        provider.arrived(P.get(4), P.get(5));
        provider.arrived(P.get(6), P.get(7));

        provider.fail(ProviderFailure.requestFailed("HTTP 503", "busy", null), P.get(0), P.get(1));
        provider.arrived(P.get(8), P.get(9));
        provider.fail(ProviderFailure.noAnswer(null, "read timed out", null), P.get(2), P.get(3));
        provider.arrived(P.get(10), P.get(11));
        ProviderFailure illegal = ProviderFailure.vendorError(FailureClass.PERMANENT_FOR_NUMBER,
                "InvalidParameterValue.IncorrectPhoneNumber", "bad number");
        provider.fail(illegal, P.get(4), P.get(5));
        provider.fail(illegal, P.get(4));
        provider.answer(FakeProvider::acceptAll, P.get(5));
        provider.arrived(P.get(12), P.get(13));
        ProviderFailure template = ProviderFailure.vendorError(FailureClass.PERMANENT_FOR_EVENT,
                "FailedOperation.TemplateIncorrectOrUnapproved", "bad template");
        provider.fail(template, P.get(6), P.get(7));
        // Refused as a whole: nothing more starts, and what is out still counts.
        provider.fail(new IllegalStateException("unparseable +8613700000008"), P.get(8), P.get(9));
        provider.answer(FakeProvider::acceptAll, P.get(10), P.get(11));
        provider.answer(sms -> FakeProvider.answers(Map.of(P.get(12), SendResult.PhoneResult.accepted("m-12"))),
                P.get(12), P.get(13));
        Dispatch dispatch = sent.get(10, TimeUnit.SECONDS);

        assertThat(dispatch.delivered()).containsOnlyKeys(P.get(4), P.get(5), P.get(10), P.get(11), P.get(12));
        assertThat(dispatch.delivered().get(P.get(4)).sent()).as("the bad number").isFalse();
        assertThat(dispatch.delivered().get(P.get(4)).providerErrorCode())
                .isEqualTo("InvalidParameterValue.IncorrectPhoneNumber");
        assertThat(dispatch.delivered().get(P.get(5)).sent()).isTrue();
        assertThat(dispatch.delivered().get(P.get(12)).providerMessageId()).isEqualTo("m-12");
        assertThat(dispatch.owed()).as("refused for now, refused with the message, never started")
                .containsExactly(P.get(0), P.get(1), P.get(6), P.get(7), P.get(14), P.get(15));
        assertThat(dispatch.inDoubt()).as("answer lost, answer unreadable, number not in the answer")
                .containsExactly(P.get(2), P.get(3), P.get(8), P.get(9), P.get(13));
        assertThat(dispatch.eventFailure()).isSameAs(template);
        assertThat(dispatch.lastFailure().reason()).contains("IllegalStateException", "may have been sent")
                .doesNotContain("+8613700000008");
        assertThat(provider.requests).as("nine requests, the last pair never").hasSize(9)
                .doesNotContain(List.of(P.get(14), P.get(15)));
        assertThat(provider.mostInFlight()).isEqualTo(4);
        assertThat(journal.events).as("in doubt stays marked sending")
                .contains("notSent [" + P.get(0) + ", " + P.get(1) + "]")
                .noneMatch(event -> event.startsWith("notSent [" + P.get(2)))
                .noneMatch(event -> event.startsWith("notSent [" + P.get(8)));
    }

    @Test
    void noMoreThanTheBoundAreInFlightAtOnce() throws Exception {
        slots.requestsPerMessage = 3;
        GatedProvider provider = new GatedProvider("ali", 1);
        List<String> phones = P.subList(0, 10);
        CompletableFuture<Dispatch> sent = send(provider, phones);
        provider.arrived(phones.get(0));
        provider.arrived(phones.get(1));
        provider.arrived(phones.get(2));

        for (int i = 0; i < phones.size(); i++) {
            provider.answer(FakeProvider::acceptAll, phones.get(i));
        }

        assertThat(sent.get(10, TimeUnit.SECONDS).delivered()).containsOnlyKeys(phones);
        assertThat(provider.mostInFlight()).isEqualTo(3);
    }

    @Test
    void onceTheCircuitOpensNothingMoreStartsButWhatIsOutCounts() throws Exception {
        slots.requestsPerMessage = 2;
        GatedProvider provider = new GatedProvider("ali", 1);
        String a = P.get(0);
        String b = P.get(1);
        String c = P.get(2);
        String d = P.get(3);
        CompletableFuture<Dispatch> sent = send(provider, List.of(a, b, c, d));

        provider.fail(ProviderFailure.requestFailed(null, "down", null), a);
        provider.arrived(c);
        provider.fail(ProviderFailure.requestFailed(null, "down", null), b);
        provider.answer(FakeProvider::acceptAll, c);
        Dispatch dispatch = sent.get(10, TimeUnit.SECONDS);

        assertThat(dispatch.owed()).containsExactly(a, b, d);
        assertThat(dispatch.delivered()).containsOnlyKeys(c);
        assertThat(provider.requests).hasSize(3);
        assertThat(slots.breaker("ali").getState().name()).isEqualTo("OPEN");
    }

    @Test
    void aRequestThatThrowsStartsNothingMoreAndCostsTheOthersNothing() throws Exception {
        slots.requestsPerMessage = 2;
        GatedProvider provider = new GatedProvider("ali", 1);
        String a = P.get(0);
        String b = P.get(1);
        String c = P.get(2);
        CompletableFuture<Dispatch> sent = send(provider, List.of(a, b, c));

        provider.arrived(b);
        provider.fail(new IllegalStateException("unparseable"), a);
        provider.answer(FakeProvider::acceptAll, b);
        Dispatch dispatch = sent.get(10, TimeUnit.SECONDS);

        assertThat(dispatch.inDoubt()).as("marked sending: the retry asks the vendor").containsExactly(a);
        assertThat(dispatch.delivered()).containsOnlyKeys(b);
        assertThat(dispatch.owed()).as("never started").containsExactly(c);
        assertThat(dispatch.lastFailure().errorCode()).isEqualTo(ErrorCode.REQUEST_FAILED);
        assertThat(provider.requests).hasSize(2);
    }

    @Test
    void aHalfOpenCircuitGetsOneRequestAtATimeThenAllAtOnceWhenItCloses() {
        slots.requestsPerMessage = 8;
        FakeProvider provider = new FakeProvider("ali", false, false, 1);
        ServiceSlot slot = slots.slot(provider);
        slots.breaker("ali").transitionToOpenState();
        slots.breaker("ali").transitionToHalfOpenState();

        Dispatch dispatch = slot.send(Slots.sms(P.get(0), P.get(1), P.get(2)), journal);

        assertThat(dispatch.delivered()).as("its one trial call is not spent on refusals")
                .containsOnlyKeys(P.get(0), P.get(1), P.get(2));
        assertThat(dispatch.owed()).isEmpty();
    }

    @Test
    void aMessageOfOneRequestGoesOutOnTheSendingThread() {
        slots.requestsPerMessage = 8;
        Thread[] sentFrom = new Thread[1];
        FakeProvider provider = FakeProvider.vendor("ali").then(sms -> {
            sentFrom[0] = Thread.currentThread();
            return FakeProvider.acceptAll(sms);
        });

        slots.slot(provider).send(Slots.sms(P.get(0), P.get(1)), journal);

        assertThat(sentFrom[0]).as("a login code keeps its platform thread").isSameAs(Thread.currentThread());
    }

    private CompletableFuture<Dispatch> send(GatedProvider provider, List<String> phones) {
        ServiceSlot slot = slots.slot(provider);
        return CompletableFuture.supplyAsync(() -> slot.send(Slots.sms(phones.toArray(String[]::new)), journal),
                sender);
    }
}
