package io.smsnotifier.worker.logincode;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCodePriorityTests {

    private static final long ROUND = TimeUnit.MILLISECONDS.toNanos(40);

    @Test
    void otherWorkDoesNotRestWhileNoLoginCodesHaveArrived() {
        LoginCodePriority priority = new LoginCodePriority(0.5);

        assertThat(priority.restNanosAfter(ROUND)).isZero();
    }

    @Test
    void otherWorkRestsToItsShareOfTheTimeWhileLoginCodesFlow() {
        LoginCodePriority half = new LoginCodePriority(0.5);
        LoginCodePriority quarter = new LoginCodePriority(0.25);
        half.begin();
        half.end();
        quarter.begin();
        quarter.end();

        // A share of 1/2 rests as long as the round took; 1/4 rests three times as long.
        assertThat(half.restNanosAfter(ROUND)).isEqualTo(ROUND);
        assertThat(quarter.restNanosAfter(ROUND)).isEqualTo(3 * ROUND);
    }

    @Test
    void aRestIsBoundedSoThatALongRoundNeverStallsItsConsumerForLong() {
        LoginCodePriority priority = new LoginCodePriority(0.1);
        priority.begin();
        priority.end();

        assertThat(priority.restNanosAfter(TimeUnit.SECONDS.toNanos(5)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(LoginCodePriority.MAX_REST_MILLIS));
    }

    @Test
    void aShareOfOneTurnsRestingOff() {
        LoginCodePriority priority = new LoginCodePriority(1);
        priority.begin();
        priority.end();

        assertThat(priority.restNanosAfter(ROUND)).isZero();
    }
}
