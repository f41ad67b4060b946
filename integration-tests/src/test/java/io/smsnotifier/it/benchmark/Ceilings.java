package io.smsnotifier.it.benchmark;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.dysmsapi.model.v20170525.SendSmsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.SendSmsResponse;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.policy.retry.RetryPolicy;
import com.aliyuncs.profile.DefaultProfile;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two ceilings the worker's throughput is compared with: (i) a plain Kafka consumer that reads a topic and does
 * nothing with the records; (ii) the bare vendor SDK, set up as the worker's adapters set it up
 * ({@code AliyunSmsProvider}, {@code TencentSmsProvider}), driving the same simulator from the same number of threads
 * with the same numbers per request — no Kafka, no database. Ceiling (iii), a hand-written pipeline with the worker's
 * guarantees for a code, is {@link HandWrittenPipeline}; it makes its vendor clients here too.
 */
final class Ceilings {

    private Ceilings() {
    }

    record Rate(long count, double seconds) {
        double perSecond() {
            return seconds <= 0 ? 0 : count / seconds;
        }
    }

    /** (i) Reads every record of {@code topic} from the beginning to the current end; records/s. */
    static Rate plainConsumer(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            long expected = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            consumer.seekToBeginning(partitions);
            long read = 0;
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(2);
            while (read < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
            }
            return new Rate(read, (System.nanoTime() - start) / 1e9);
        }
    }

    /** One bare-SDK request: the numbers it carries. */
    interface Sender {
        void send(List<String> numbers) throws Exception;
    }

    /**
     * (ii) Sends {@code requests} (cycled to {@code total}) from {@code threads} threads; a warm-up of
     * {@code warmUp} requests first, not measured. Returns requests/s; failures abort.
     */
    static Rate bareSdk(Sender sender, List<List<String>> requests, int total, int warmUp, int threads) {
        run(sender, requests, warmUp, threads);
        long start = System.nanoTime();
        run(sender, requests, total, threads);
        return new Rate(total, (System.nanoTime() - start) / 1e9);
    }

    private static void run(Sender sender, List<List<String>> requests, int total, int threads) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("bare-sdk-" + t).start(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < total) {
                    try {
                        sender.send(requests.get(i % requests.size()));
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("bare SDK request failed", failure.get());
        }
    }

    /** Alibaba Cloud {@code SendSms} as {@code AliyunSmsProvider} sends it (one client, per-request timeouts). */
    static Sender aliyun(String endpoint, String accessKey, String accessSecret, String signName,
                         String templateCode, String templateParamJson, int maxConcurrentRequests) {
        DefaultAcsClient client = aliyunClient(accessKey, accessSecret, maxConcurrentRequests);
        AtomicInteger outIds = new AtomicInteger();
        return numbers -> {
            SendSmsResponse response = client.getAcsResponse(aliyunSendSms(endpoint, String.join(",", numbers),
                    signName, templateCode, templateParamJson, "bare-" + outIds.incrementAndGet()));
            if (!"OK".equals(response.getCode())) {
                throw new IllegalStateException("Alibaba Cloud simulator answered " + response.getCode());
            }
        };
    }

    /**
     * The Alibaba Cloud client as {@code AliyunSmsProvider} makes it, on the SDK's own HTTP client: timeouts, a pool
     * of {@code maxConcurrentRequests}, no retry. Ceilings (ii) and (iii) share it.
     */
    static DefaultAcsClient aliyunClient(String accessKey, String accessSecret, int maxConcurrentRequests) {
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", accessKey, accessSecret);
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setConnectionTimeoutMillis(3_000);
        http.setReadTimeoutMillis(10_000);
        http.setMaxRequests(maxConcurrentRequests);
        http.setMaxRequestsPerHost(maxConcurrentRequests);
        http.setMaxIdleConnections(maxConcurrentRequests);
        http.setProtocolType(ProtocolType.HTTP);
        profile.setHttpClientConfig(http);
        DefaultAcsClient client = new DefaultAcsClient(profile);
        client.setSysRetryPolicy(RetryPolicy.none());
        return client;
    }

    /** One {@code SendSms} request as {@code AliyunSmsProvider} builds it: POST, per-request timeouts. */
    static SendSmsRequest aliyunSendSms(String endpoint, String phoneNumbers, String signName, String templateCode,
                                        String templateParamJson, String outId) {
        SendSmsRequest request = new SendSmsRequest();
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        request.setSysConnectTimeout(3_000);
        request.setSysReadTimeout(10_000);
        request.setPhoneNumbers(phoneNumbers);
        request.setSignName(signName);
        request.setTemplateCode(templateCode);
        request.setTemplateParam(templateParamJson);
        request.setOutId(outId);
        return request;
    }

    /** Tencent Cloud {@code SendSms} as {@code TencentSmsProvider} sends it (OkHttp without its silent retry). */
    static Sender tencent(String endpoint, String secretId, String secretKey, String sdkAppId, String signName,
                          String templateId, String[] templateParams) {
        SmsClient client = tencentClient(endpoint, secretId, secretKey);
        AtomicInteger contexts = new AtomicInteger();
        return numbers -> {
            var response = client.SendSms(tencentSendSms(numbers.toArray(String[]::new), sdkAppId, signName,
                    templateId, templateParams, "bare-" + contexts.incrementAndGet()));
            for (var status : response.getSendStatusSet()) {
                if (!"Ok".equals(status.getCode())) {
                    throw new IllegalStateException("Tencent Cloud simulator answered " + status.getCode());
                }
            }
        };
    }

    /** The Tencent Cloud client as {@code TencentSmsProvider} makes it: OkHttp, a pool of 64, no silent retry. */
    static SmsClient tencentClient(String endpoint, String secretId, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(endpoint);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setReqMethod(HttpProfile.REQ_POST);
        http.setHttpClient(new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .connectTimeout(3, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .writeTimeout(10, TimeUnit.SECONDS)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .build());
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        profile.setSignMethod(ClientProfile.SIGN_TC3_256);
        return new SmsClient(new Credential(secretId, secretKey), "ap-guangzhou", profile);
    }

    /** One Tencent Cloud {@code SendSms} request, {@code sessionContext} in place of an out-id. */
    static com.tencentcloudapi.sms.v20210111.models.SendSmsRequest tencentSendSms(
            String[] numbers, String sdkAppId, String signName, String templateId, String[] templateParams,
            String sessionContext) {
        var request = new com.tencentcloudapi.sms.v20210111.models.SendSmsRequest();
        request.setPhoneNumberSet(numbers);
        request.setSmsSdkAppId(sdkAppId);
        request.setSignName(signName);
        request.setTemplateId(templateId);
        request.setTemplateParamSet(templateParams);
        request.setSessionContext(sessionContext);
        return request;
    }

    /** The end offset of each partition of {@code topic} now: where the next record published will go. */
    static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<Integer, Long> offsets = new java.util.TreeMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> offsets.put(tp.partition(), offset));
            return offsets;
        }
    }
}
