package io.smsnotifier.worker.intake;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.recipients.Directory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the directory current from the compacted {@code directory.members} and {@code directory.departments}
 * topics: a value upserts the whole entry, a null value (tombstone) deletes it. Records are applied a poll at a
 * time, so replaying a topic from the beginning is fast. A malformed record is dead-lettered with its reason;
 * the records before it are applied and the ones after it are redelivered.
 */
@Component
class DirectoryListener {

    private final EventDecoder decoder;
    private final Directory directory;

    DirectoryListener(EventDecoder decoder, Directory directory) {
        this.decoder = decoder;
        this.directory = directory;
    }

    @KafkaListener(id = "directory-members", groupId = "sms-notifier.directory-members",
            topics = "${notifier.topics.directory-members:" + Topics.DIRECTORY_MEMBERS + "}",
            containerFactory = KafkaConfiguration.DIRECTORY_LISTENER_FACTORY)
    void onMembers(List<ConsumerRecord<String, byte[]>> records) {
        apply(records, decoder::memberUpdated, MemberUpdated::memberId, "memberId",
                members -> directory.saveMembers(members), directory::deleteMembers);
    }

    @KafkaListener(id = "directory-departments", groupId = "sms-notifier.directory-departments",
            topics = "${notifier.topics.directory-departments:" + Topics.DIRECTORY_DEPARTMENTS + "}",
            containerFactory = KafkaConfiguration.DIRECTORY_LISTENER_FACTORY)
    void onDepartments(List<ConsumerRecord<String, byte[]>> records) {
        apply(records, decoder::departmentUpdated, DepartmentUpdated::departmentId, "departmentId",
                departments -> directory.saveDepartments(departments), directory::deleteDepartments);
    }

    private <T> void apply(List<ConsumerRecord<String, byte[]>> records, Function<byte[], T> decode,
                           Function<T, String> idOf, String idName, Consumer<List<T>> save,
                           Consumer<List<String>> delete) {
        // Last entry per key wins within the poll, as compaction would keep it.
        Map<String, T> latest = new LinkedHashMap<>();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, byte[]> record = records.get(index);
            try {
                String key = record.key();
                if (key == null || key.isBlank()) {
                    throw new InvalidEvent("record key is missing: directory records are keyed by " + idName);
                }
                T entry = record.value() == null ? null : decode.apply(record.value());
                if (entry != null && !key.equals(idOf.apply(entry))) {
                    throw new InvalidEvent(idName + " differs from the record key: compaction would keep the "
                            + "wrong entry");
                }
                latest.remove(key);
                latest.put(key, entry);
            } catch (PermanentDeliveryFailure failure) {
                // Apply what came before the bad record, then let the error handler dead-letter it, without the
                // headers a producer may have forged in the worker's name.
                store(latest, save, delete);
                ProducerHeaders.dropReserved(record.headers());
                throw new BatchListenerFailedException(failure.getMessage(), failure, index);
            }
        }
        store(latest, save, delete);
    }

    private static <T> void store(Map<String, T> latest, Consumer<List<T>> save,
                                  Consumer<List<String>> delete) {
        List<T> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        latest.forEach((key, entry) -> {
            if (entry == null) {
                deletes.add(key);
            } else {
                upserts.add(entry);
            }
        });
        save.accept(upserts);
        delete.accept(deletes);
    }
}
