package io.smsnotifier.worker.recipients;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientTests {

    @Test
    void masksThePhoneNumberInToString() {
        Recipient recipient = Recipient.reachable("u-1", "+8613800138000");

        assertThat(recipient.toString()).doesNotContain("+8613800138000").doesNotContain("13800138000")
                .contains("u-1");
    }

    @Test
    void neverShowsTheGivenNumberOfAnUnreachableRecipientInToString() {
        Recipient recipient = Recipient.unreachable(null, "13800138000x", "invalid phone number");

        assertThat(recipient.toString()).doesNotContain("13800138000").contains("invalid phone number");
    }

    @Test
    void isIdentifiedByNumberThenMemberThenGivenNumber() {
        assertThat(Recipient.reachable("u-1", "+8613800138000").key()).isEqualTo("+8613800138000");
        assertThat(Recipient.unreachable("u-1", null, "no phone number").key()).isEqualTo("member:u-1");
        assertThat(Recipient.unreachable(null, "abc", "invalid phone number").key()).isEqualTo("given:abc");
        assertThat(Recipient.unreachable(null, "abc", "invalid phone number").reachable()).isFalse();
    }
}
