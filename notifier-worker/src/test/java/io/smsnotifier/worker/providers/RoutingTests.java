package io.smsnotifier.worker.providers;

import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The order in which a message tries the services. */
class RoutingTests {

    /** A template with codes for both vendors. */
    private static final SmsTemplate BOTH = new SmsTemplate("T", "hello ${name}", List.of("name"),
            Map.of("ali", "SMS_1", "tc", "1001"));
    /** A template only Alibaba Cloud knows. */
    private static final SmsTemplate ALI_ONLY = new SmsTemplate("T", "hello ${name}", List.of("name"),
            Map.of("ali", "SMS_1"));

    private final Slots slots = new Slots();
    private final ServiceSlot ali = slots.slot(FakeProvider.vendor("ali"), 1, 1, false);
    private final ServiceSlot tc = slots.slot(FakeProvider.vendor("tc"), 2, 3, false);
    private final ServiceSlot hook = slots.slot(FakeProvider.webhook("hook"), 3, 1, false);

    @Test
    void failoverGoesByPriority() {
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), null, BOTH, Channel.SMS))
                .containsExactly("ali", "tc", "hook");
    }

    @Test
    void laterServicesNeedACodeForTheTemplateUnlessTheySendRenderedText() {
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), null, ALI_ONLY, Channel.SMS))
                .containsExactly("ali", "hook");
    }

    @Test
    void theFirstServiceIsTriedEvenWithoutACode() {
        SmsTemplate tcOnly = new SmsTemplate("T", "hi", List.of(), Map.of("tc", "1001"));
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), null, tcOnly, Channel.SMS))
                .containsExactly("ali", "tc", "hook");
    }

    @Test
    void aNamedServiceGoesFirst() {
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), "tc", BOTH, Channel.SMS))
                .containsExactly("tc", "ali", "hook");
    }

    @Test
    void aNamedServiceThatIsNotEnabledLeavesThePartnersTheTemplateHasCodesFor() {
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), "gone", BOTH, Channel.SMS))
                .containsExactly("ali", "tc");
        assertThat(names(set(SmsServicesProperties.Routing.FAILOVER), "gone", ALI_ONLY, Channel.SMS))
                .containsExactly("ali");
    }

    @Test
    void aNamedServiceThatIsNotEnabledWithoutPartnersIsAnInvalidRequestThatSaysSo() {
        SmsTemplate goneOnly = new SmsTemplate("T", "hello ${name}", List.of("name"), Map.of("gone", "SMS_9"));
        assertThatThrownBy(() -> names(set(SmsServicesProperties.Routing.FAILOVER), "gone", goneOnly, Channel.SMS))
                .isInstanceOfSatisfying(PermanentDeliveryFailure.class, failure -> {
                    assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(failure.reason()).isEqualTo("smsService 'gone' is not an enabled service (disabled, "
                            + "deleted or never configured) and template 'T' has no code at an enabled service; "
                            + "replay once the service is back");
                });
    }

    @Test
    void voiceGoesOnlyThroughServicesThatSendRenderedText() {
        ServiceSet services = set(SmsServicesProperties.Routing.FAILOVER);
        assertThat(names(services, null, BOTH, Channel.VOICE)).containsExactly("hook");
        assertThatThrownBy(() -> names(services, "ali", BOTH, Channel.VOICE))
                .hasMessage("smsService 'ali' is not an enabled service that can place voice calls (disabled, "
                        + "deleted or never configured) and template 'T' has no code at an enabled service that "
                        + "can; replay once the service is back");
        ServiceSet vendorsOnly = new ServiceSet(List.of(ali, tc), SmsServicesProperties.Routing.FAILOVER);
        assertThatThrownBy(() -> names(vendorsOnly, null, BOTH, Channel.VOICE))
                .hasMessage("voice codes need a webhook service; none is enabled");
    }

    @Test
    void anExclusiveWebhookTakesAllTrafficWhateverTheEventNames() {
        ServiceSlot only = slots.slot(FakeProvider.webhook("gw"), 9, 1, true);
        ServiceSet services = new ServiceSet(List.of(ali, tc, only), SmsServicesProperties.Routing.FAILOVER);

        assertThat(names(services, null, BOTH, Channel.SMS)).containsExactly("gw");
        assertThat(names(services, "ali", BOTH, Channel.SMS)).containsExactly("gw");
        assertThat(services.statuses()).extracting(ServiceStatus::name, ServiceStatus::inRotation)
                .containsExactly(tuple("ali", false),
                        tuple("tc", false),
                        tuple("gw", true));
    }

    @Test
    void weightedRoutingDrawsTheFirstByWeightAndKeepsPriorityForTheRest() {
        ServiceSet services = set(SmsServicesProperties.Routing.WEIGHTED);
        // Weights 1, 3, 1: a draw of 0 is ali's, 1 to 3 are tc's, 4 is hook's.
        assertThat(Routing.candidates(services, null, BOTH, Channel.SMS, draws(0))).extracting(slot -> slot.name)
                .containsExactly("ali", "tc", "hook");
        assertThat(Routing.candidates(services, null, BOTH, Channel.SMS, draws(3))).extracting(slot -> slot.name)
                .containsExactly("tc", "ali", "hook");
        assertThat(Routing.candidates(services, null, BOTH, Channel.SMS, draws(4))).extracting(slot -> slot.name)
                .containsExactly("hook", "ali", "tc");
    }

    @Test
    void randomRoutingPutsEachServiceFirstSometimes() {
        ServiceSet services = set(SmsServicesProperties.Routing.RANDOM);
        Random random = new Random(42);
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            List<ServiceSlot> order = Routing.candidates(services, null, BOTH, Channel.SMS, random);
            assertThat(order).extracting(slot -> slot.name).containsExactlyInAnyOrder("ali", "tc", "hook");
            firsts.add(order.getFirst().name);
        }
        assertThat(firsts).containsExactlyInAnyOrder("ali", "tc", "hook");
    }

    @Test
    void aSetNeedsAServiceAndAtMostOneExclusive() {
        assertThatThrownBy(() -> new ServiceSet(List.of(), SmsServicesProperties.Routing.FAILOVER))
                .hasMessageContaining("no enabled SMS service is configured");
        ServiceSlot one = slots.slot(FakeProvider.webhook("gw1"), 1, 1, true);
        ServiceSlot two = slots.slot(FakeProvider.webhook("gw2"), 2, 1, true);
        assertThatThrownBy(() -> new ServiceSet(List.of(one, two), SmsServicesProperties.Routing.FAILOVER))
                .hasMessage("notifier.sms.services: only one webhook may be exclusive, found [gw1, gw2]");
        ServiceSlot vendor = slots.slot(FakeProvider.vendor("ali2"), 1, 1, true);
        assertThat(new ServiceSet(List.of(vendor, tc), SmsServicesProperties.Routing.FAILOVER).exclusive())
                .as("only a service that may be exclusive is").isNull();
    }

    private ServiceSet set(SmsServicesProperties.Routing routing) {
        return new ServiceSet(List.of(hook, tc, ali), routing);
    }

    private static List<String> names(ServiceSet services, @Nullable String requested, SmsTemplate template,
                                      Channel channel) {
        return Routing.candidates(services, requested, template, channel, new Random(1)).stream()
                .map(slot -> slot.name).toList();
    }

    /** Draws {@code value} for every bounded int. */
    private static RandomGenerator draws(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }
}
