package io.smsnotifier.it.benchmark;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ceiling (iii) of {@link DeliveryBenchmark}: a minimal hand-written login-code pipeline, no Spring, run in a child JVM
 * of its own ({@link HandWrittenPipelineProcess}) so that its CPU time is measured as the worker's is. One thread,
 * one loop per poll of its own consumer group on the worker's topic:
 * <ol>
 *   <li>decode each record ({@link LoginCodeRequested}); a code past its {@code expiresAt} is not sent;</li>
 *   <li>claim every (event, number) of the poll in <b>one</b> statement ({@link PipelineLedger}): a row inserted in
 *       flight with the request's out-id, {@code insert ... on conflict do nothing};</li>
 *   <li>send each claimed number in its own {@code SendSms} through the vendor SDK ({@link PipelineVendor}), 128
 *       requests in flight;</li>
 *   <li>settle the answers in <b>one</b> statement;</li>
 *   <li>publish one outcome ({@link SmsDelivered}) per number to its own topic, {@code acks=all}, idempotent, and wait
 *       for every acknowledgement;</li>
 *   <li>commit the poll's offsets.</li>
 * </ol>
 * Guarantees, the worker's for a code minus the per-number limits: <b>nothing twice</b> — a number is sent only by the
 * statement that made its row, so a redelivered record sends only to numbers not claimed yet; <b>an outcome for every
 * number on the topic before its offset is committed</b> — a redelivered record whose row is settled publishes that
 * outcome again (at least once). Left out, as the comparison allows: per-number limits, number parsing (a number
 * without {@code +} is taken as mainland China's), templates, field limits, dead letters (a record it cannot decode
 * ends the run), retries, claim leases and asking the vendor about a request in doubt: a lost answer settles
 * {@code FAILED}, and a row left in flight by a crash is never sent again.
 *
 * <p>Settings ({@code key=value}, see {@link HandWrittenPipelineProcess}): {@code bootstrap}, {@code topic},
 * {@code outcomes} (a topic that exists), {@code group}, {@code jdbc}, {@code vendor} ({@code aliyun} or
 * {@code tencent}) with {@code endpoint}, {@code key}, {@code secret}, {@code sign}, {@code template},
 * {@code sdkAppId}; {@code inFlight}; {@code from}, offsets per partition where to start without a committed offset.
 */
final class HandWrittenPipeline implements AutoCloseable {

    /** Where the benchmark has it publish its outcomes. */
    static final String OUTCOMES = "ceiling.delivery";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final PipelineLedger ledger;
    private final PipelineVendor vendor;
    private final ExecutorService requests;
    private final String outcomeTopic;
    private final String outIdPrefix = "c" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private long outIds;
    private long records;
    private long sent;
    private long repeats;
    private long failed;

    HandWrittenPipeline(Map<String, String> args) throws Exception {
        String bootstrap = args.get("bootstrap");
        outcomeTopic = args.get("outcomes");
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, args.get("group"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        // The worker's producer settings: acks=all, idempotence, linger 1 ms.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
        ledger = new PipelineLedger(DriverManager.getConnection(args.get("jdbc")));
        int inFlight = Integer.parseInt(args.get("inFlight"));
        vendor = "aliyun".equals(args.get("vendor"))
                ? PipelineVendor.aliyun(args.get("endpoint"), args.get("key"), args.get("secret"), args.get("sign"),
                args.get("template"), inFlight)
                : PipelineVendor.tencent(args.get("endpoint"), args.get("key"), args.get("secret"),
                args.get("sdkAppId"), args.get("sign"), args.get("template"));
        requests = Executors.newFixedThreadPool(inFlight);
        List<TopicPartition> partitions = consumer.partitionsFor(args.get("topic")).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        // Where the group left off; the benchmark's fresh group starts at the worker's first (warm-up) record.
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<Integer, Long> from = HandWrittenPipelineProcess.offsets(args.get("from"));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            consumer.seek(tp, at != null ? at.offset() : from.get(tp.partition()));
        }
    }

    /** Counts so far: records delivered, numbers sent, numbers already in the ledger, numbers FAILED. */
    record Counts(long records, long sent, long repeats, long failed) {
    }

    Counts counts() {
        return new Counts(records, sent, repeats, failed);
    }

    /** Delivers every record up to (not including) {@code limits}' offsets; a partition that is there is paused. */
    void runUntil(Map<Integer, Long> limits) throws Exception {
        Set<TopicPartition> open = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (consumer.position(tp) < limits.get(tp.partition())) {
                open.add(tp);
            }
        }
        consumer.resume(open);
        consumer.pause(consumer.assignment().stream().filter(tp -> !open.contains(tp)).toList());
        while (!open.isEmpty()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
            List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : polled.partitions()) {
                long limit = limits.get(tp.partition());
                for (ConsumerRecord<byte[], byte[]> record : polled.records(tp)) {
                    if (record.offset() < limit) {
                        poll.add(record);
                        offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (consumer.position(tp) >= limit) {
                    consumer.seek(tp, limit);
                    consumer.pause(List.of(tp));
                    open.remove(tp);
                }
            }
            if (!poll.isEmpty()) {
                deliver(poll);
                consumer.commitSync(offsets);
            }
        }
    }

    /** Claim, send, settle, publish: one poll. Returns once every outcome is acknowledged. */
    private void deliver(List<ConsumerRecord<byte[], byte[]>> poll) throws Exception {
        Instant now = Instant.now();
        Map<String, PipelineLedger.Row> wanted = new LinkedHashMap<>();
        Map<String, String> codes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : poll) {
            LoginCodeRequested code = EventJson.mapper().readValue(record.value(), LoginCodeRequested.class);
            String phone = code.phone().startsWith("+") ? code.phone() : "+86" + code.phone();
            String key = code.eventId() + '\n' + phone;
            boolean expired = code.expiresAt() != null && !now.isBefore(code.expiresAt());
            wanted.putIfAbsent(key, new PipelineLedger.Row(code.eventId(), phone, outIdPrefix + ++outIds,
                    expired ? "EXPIRED" : "SENDING", null, null));
            codes.put(key, code.code());
        }
        records += poll.size();
        List<PipelineLedger.Row> outcomes = new ArrayList<>();
        List<Future<PipelineLedger.Row>> answers = new ArrayList<>();
        for (PipelineLedger.Claim claim : ledger.claim(List.copyOf(wanted.values()))) {
            PipelineLedger.Row row = claim.row();
            if (claim.mine() && "SENDING".equals(row.status())) {
                String code = codes.get(row.eventId() + '\n' + row.phone());
                answers.add(requests.submit(() -> send(row, code)));
            } else if (claim.mine() || !"SENDING".equals(row.status())) {
                outcomes.add(row); // expired now, or settled before: its outcome (again)
                repeats += claim.mine() ? 0 : 1;
            } // else in flight since a crash: in doubt, never sent again
        }
        List<PipelineLedger.Row> settled = new ArrayList<>(answers.size());
        for (Future<PipelineLedger.Row> answer : answers) {
            settled.add(answer.get());
        }
        ledger.settle(settled);
        sent += settled.size();
        failed += settled.stream().filter(row -> "FAILED".equals(row.status())).count();
        outcomes.addAll(settled);
        List<Future<RecordMetadata>> acks = new ArrayList<>(outcomes.size());
        for (PipelineLedger.Row row : outcomes) {
            acks.add(producer.send(new ProducerRecord<>(outcomeTopic, row.eventId(),
                    EventJson.mapper().writeValueAsBytes(outcome(row)))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(); // a failed publish ends the run before the commit: the poll comes again
        }
    }

    private PipelineLedger.Row send(PipelineLedger.Row row, String code) {
        try {
            PipelineVendor.Answer answer = vendor.send(row.phone(), code, row.outId());
            return new PipelineLedger.Row(row.eventId(), row.phone(), row.outId(),
                    answer.accepted() ? "SENT" : "FAILED", answer.providerId(), answer.errorCode());
        } catch (Exception lost) {
            return new PipelineLedger.Row(row.eventId(), row.phone(), row.outId(), "FAILED", null, "NO_ANSWER");
        }
    }

    private SmsDelivered outcome(PipelineLedger.Row row) {
        DeliveryStatus status = DeliveryStatus.valueOf(row.status());
        String errorCode = row.errorCode() == null ? null : "NO_ANSWER".equals(row.errorCode()) ? "46003" : "46002";
        return new SmsDelivered(row.eventId(), "login.code", null, PhoneMask.mask(row.phone()), status,
                vendor.service(), row.providerId(), errorCode, "46002".equals(errorCode) ? row.errorCode() : null, 1,
                Instant.now());
    }

    @Override
    public void close() throws Exception {
        requests.shutdownNow();
        producer.close();
        consumer.close();
        ledger.close();
    }
}
