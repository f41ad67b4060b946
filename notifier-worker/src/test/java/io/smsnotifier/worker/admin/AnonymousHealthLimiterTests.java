package io.smsnotifier.worker.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnonymousHealthLimiterTests {

    @Test
    void admitsTheLimitInOneSecondAndAgainInTheNext() {
        AnonymousHealthLimiter limiter = new AnonymousHealthLimiter(3);
        assertThat(limiter.admit(100)).isTrue();
        assertThat(limiter.admit(100)).isTrue();
        assertThat(limiter.admit(100)).isTrue();
        assertThat(limiter.admit(100)).isFalse();
        assertThat(limiter.admit(101)).isTrue();
    }
}
