package io.smsnotifier.worker.topics;

import io.smsnotifier.events.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Topic names ({@code notifier.topics.*}); defaults are the contract's. Dead letters go to {@code <topic>-dlt}.
 * {@code partitions} and {@code replicas} apply to the topics the worker creates when they do not exist; retry
 * and dead-letter topics grow to their source's partition count. {@code loginCodeRetention} is how long
 * {@code login.code} and its retry topics keep records, which carry codes in clear: about the longest code
 * lifetime, not Kafka's default of 7 days.
 */
@Validated
@ConfigurationProperties("notifier.topics")
public record NotifierTopics(
        @DefaultValue(Topics.APPROVAL_REACHED) @NotBlank String approvalReached,
        @DefaultValue(Topics.APPROVAL_CC) @NotBlank String approvalCc,
        @DefaultValue(Topics.LOGIN_CODE) @NotBlank String loginCode,
        @DefaultValue(Topics.SMS_NOTIFY) @NotBlank String smsNotify,
        @DefaultValue(Topics.DELIVERY) @NotBlank String delivery,
        @DefaultValue(Topics.DIRECTORY_MEMBERS) @NotBlank String directoryMembers,
        @DefaultValue(Topics.DIRECTORY_DEPARTMENTS) @NotBlank String directoryDepartments,
        @DefaultValue("3") @Positive int partitions,
        @DefaultValue("1") @Positive short replicas,
        @DefaultValue("1h") @NotNull Duration loginCodeRetention) {

    public String deadLetterOf(String topic) {
        return Topics.deadLetterOf(topic);
    }

    /** The dead-letter topics of the topics the worker reads, in a stable order. */
    public Set<String> deadLetterTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : List.of(approvalReached, approvalCc, loginCode, smsNotify, directoryMembers,
                directoryDepartments)) {
            topics.add(deadLetterOf(topic));
        }
        return Collections.unmodifiableSet(topics);
    }
}
