package io.smsnotifier.worker.receipts;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.TemplateReviewsPushed;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The push endpoint's gates, before anything reaches the ledger: the source ranges and the pushes in flight. */
class ReceiptsControllerTests {

    private final ReceiptSecrets secrets = mock(ReceiptSecrets.class);
    private final Receipts receipts = mock(Receipts.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Object> pushed = new java.util.ArrayList<>();

    private ReceiptsController controller(int maxConcurrent, Map<String, List<String>> allowedSources) {
        when(secrets.matches("aliyun-main", "s3cret")).thenReturn(true);
        return new ReceiptsController(List.of(new AliyunReports(JsonMapper.builder().build())), secrets, receipts,
                new ReceiptProperties(null, DataSize.ofMegabytes(1), 1000, Duration.ofMinutes(10), 10_000,
                        Duration.ofSeconds(1), maxConcurrent, allowedSources, false), meters, pushed::add);
    }

    private static MockHttpServletRequest push(String from) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/receipts/aliyun/aliyun-main/s3cret");
        request.setRemoteAddr(from);
        request.setContent("[]".getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void aTypeWithSourceRangesAnswers404ToAnyOtherAddressAndReadsNothing() {
        when(receipts.apply(any(), anyInt())).thenReturn(new Receipts.Tally(0, 0, 0, 0));
        ReceiptsController controller = controller(8, Map.of("aliyun", List.of("10.0.0.0/8", "fd00::/8")));

        ResponseEntity<String> outside = controller.push("aliyun", "aliyun-main", "s3cret", push("203.0.113.7"));
        ResponseEntity<String> inside = controller.push("aliyun", "aliyun-main", "s3cret", push("10.20.30.40"));

        assertThat(outside.getStatusCode().value()).isEqualTo(404);
        assertThat(outside.getBody()).isEmpty();
        assertThat(meters.counter("notifier.receipts", "result", "forbidden_source").count()).isEqualTo(1);
        assertThat(inside.getStatusCode().value()).isEqualTo(200);
        verify(secrets, org.mockito.Mockito.times(1)).matches("aliyun-main", "s3cret");
    }

    @Test
    void aPushBeyondTheOnesInFlightIsAnswered503ForTheVendorToRetry() throws Exception {
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        when(receipts.apply(any(), anyInt())).thenAnswer(call -> {
            applying.countDown();
            finish.await(10, TimeUnit.SECONDS);
            return new Receipts.Tally(0, 0, 0, 0);
        });
        ReceiptsController controller = controller(1, Map.of());
        CompletableFuture<ResponseEntity<String>> first = CompletableFuture.supplyAsync(
                () -> controller.push("aliyun", "aliyun-main", "s3cret", push("127.0.0.1")));
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();

        ResponseEntity<String> second = controller.push("aliyun", "aliyun-main", "s3cret", push("127.0.0.1"));
        finish.countDown();

        assertThat(second.getStatusCode().value()).isEqualTo(503);
        assertThat(second.getBody()).isEqualTo("{\"code\":503,\"msg\":\"try again\"}");
        assertThat(first.get(10, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);
        assertThat(controller.push("aliyun", "aliyun-main", "s3cret", push("127.0.0.1")).getStatusCode().value())
                .as("the slot is given back").isEqualTo(200);
    }

    @Test
    void aBadRangeOrATypeThatTakesNoReceiptsStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> controller(8, Map.of("aliyun", List.of("10.0.0.1/8"))))
                .hasMessageStartingWith("notifier.receipts.allowed-sources.aliyun: '10.0.0.1/8' has host bits");
        assertThatThrownBy(() -> controller(8, Map.of("sandbox", List.of("10.0.0.0/8"))))
                .hasMessageStartingWith("notifier.receipts.allowed-sources.sandbox: no receipts come");
        verify(receipts, never()).apply(any(), anyInt());
    }

    @Test
    void aTemplateSmsReportPastedAtTheSameAddressIsHandedOnAsTemplateReviewsAndNoReceipts() {
        when(receipts.apply(any(), anyInt())).thenReturn(new Receipts.Tally(0, 0, 0, 0));
        MockHttpServletRequest request = push("127.0.0.1");
        request.setContent(("""
                [{"template_code": "SMS_1", "template_status": "rejected", "reason": "not allowed\\r\\nALERT x",
                  "template_name": "n", "orderId": "1", "create_date": "2026-12-01 08:00:00", "finish_date": "x"},
                 {"template_code": "SMS_2", "template_status": "approved", "reason": ""},
                 {"template_code": "SMS_3", "template_status": "approving"},
                 {"template_code": "bad code!", "template_status": "approved"},
                 {"template_code": "SMS_4", "template_status": "lost"}]""").getBytes(StandardCharsets.UTF_8));

        ResponseEntity<String> answer = controller(8, Map.of()).push("aliyun", "aliyun-main", "s3cret", request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(pushed).singleElement().isEqualTo(new TemplateReviewsPushed("aliyun-main", Map.of(
                "SMS_1", new TemplateReview(TemplateReview.Status.REJECTED, "not allowed  ALERT x"),
                "SMS_2", TemplateReview.approved(),
                "SMS_3", new TemplateReview(TemplateReview.Status.IN_REVIEW, null))));
        assertThat(meters.counter("notifier.receipts", "result", "invalid").count()).isEqualTo(2);
        verify(receipts).apply(List.of(), 10_000);
    }
}
