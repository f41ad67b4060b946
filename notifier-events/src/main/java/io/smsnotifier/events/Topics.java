package io.smsnotifier.events;

/**
 * Default topic names. Each can be renamed in the worker ({@code notifier.topics.*}); dead letters go to
 * {@code <topic>-dlt}.
 */
public final class Topics {

    public static final String APPROVAL_REACHED = "approval.reached";
    public static final String APPROVAL_CC = "approval.cc";
    public static final String LOGIN_CODE = "login.code";
    public static final String SMS_NOTIFY = "sms.notify";
    public static final String DELIVERY = "sms.delivery";
    public static final String DIRECTORY_MEMBERS = "directory.members";
    public static final String DIRECTORY_DEPARTMENTS = "directory.departments";

    /** Suffix of the dead-letter topic beside each request topic. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
