package io.smsnotifier.worker.logincode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCodeBatchesTests {

    record Code(String template, String phone) {
    }

    @Test
    void codesOfOneTemplateGoTogetherAndACodeAloneGoesAlone() {
        List<Code> codes = List.of(new Code("A", "+1"), new Code("B", "+2"), new Code("A", "+3"));

        LoginCodeBatches.Grouping<Code> grouping = group(codes);

        assertThat(grouping.batches()).containsExactly(List.of(codes.get(0), codes.get(2)));
        assertThat(grouping.alone()).containsExactly(codes.get(1));
    }

    @Test
    void aNumberAppearsOnceInABatch() {
        List<Code> codes = List.of(new Code("A", "+1"), new Code("A", "+1"), new Code("A", "+2"));

        LoginCodeBatches.Grouping<Code> grouping = group(codes);

        assertThat(grouping.batches()).containsExactly(List.of(codes.get(1), codes.get(2)));
        assertThat(grouping.alone()).containsExactly(codes.get(0));
    }

    @Test
    void aBatchHoldsAtMostOneRequestsWorth() {
        List<Code> codes = new ArrayList<>();
        IntStream.range(0, LoginCodeBatches.CODES_PER_BATCH + 2).forEach(i -> codes.add(new Code("A", "+" + i)));

        LoginCodeBatches.Grouping<Code> grouping = group(codes);

        assertThat(grouping.batches()).hasSize(2);
        assertThat(grouping.batches().getFirst()).hasSize(LoginCodeBatches.CODES_PER_BATCH);
        assertThat(grouping.batches().getLast()).hasSize(2);
        assertThat(grouping.alone()).isEmpty();
    }

    private static LoginCodeBatches.Grouping<Code> group(List<Code> codes) {
        return LoginCodeBatches.group(codes, code -> List.of(code.template()), Code::phone);
    }
}
