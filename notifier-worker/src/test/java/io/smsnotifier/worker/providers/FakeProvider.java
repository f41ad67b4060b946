package io.smsnotifier.worker.providers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A provider that answers as scripted, one answer per request, and accepts everything once the script ran out. */
final class FakeProvider implements SmsProvider {

    private final String name;
    private final boolean rendersText;
    private final boolean mayBeExclusive;
    private final int maxNumbers;
    private final Deque<Function<OutgoingSms, SendResult>> script = new ArrayDeque<>();
    final List<List<String>> requests = new ArrayList<>();
    boolean closed;

    FakeProvider(String name, boolean rendersText, boolean mayBeExclusive, int maxNumbers) {
        this.name = name;
        this.rendersText = rendersText;
        this.mayBeExclusive = mayBeExclusive;
        this.maxNumbers = maxNumbers;
    }

    static FakeProvider vendor(String name) {
        return new FakeProvider(name, false, false, 1_000);
    }

    static FakeProvider webhook(String name) {
        return new FakeProvider(name, true, true, 1_000);
    }

    /** The next request gets this answer. */
    FakeProvider then(Function<OutgoingSms, SendResult> answer) {
        script.addLast(answer);
        return this;
    }

    /** The next request fails as a whole with {@code failure}. */
    FakeProvider thenFails(RuntimeException failure) {
        return then(sms -> {
            throw failure;
        });
    }

    static SendResult acceptAll(OutgoingSms sms) {
        return new SendResult(sms.phones().stream().collect(Collectors.toMap(phone -> phone,
                phone -> SendResult.PhoneResult.accepted("id-" + phone))));
    }

    static SendResult answers(Map<String, SendResult.PhoneResult> byPhone) {
        return new SendResult(byPhone);
    }

    @Override
    public String serviceName() {
        return name;
    }

    @Override
    public int maxNumbersPerRequest() {
        return maxNumbers;
    }

    @Override
    public boolean sendsRenderedText() {
        return rendersText;
    }

    @Override
    public boolean mayBeExclusive() {
        return mayBeExclusive;
    }

    @Override
    public synchronized SendResult send(OutgoingSms sms) {
        requests.add(sms.phones());
        Function<OutgoingSms, SendResult> answer = script.pollFirst();
        return answer == null ? acceptAll(sms) : answer.apply(sms);
    }

    @Override
    public void close() {
        closed = true;
    }
}
