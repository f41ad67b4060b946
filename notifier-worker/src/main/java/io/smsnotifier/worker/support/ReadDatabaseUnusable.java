package io.smsnotifier.worker.support;

/** The read replica ({@code notifier.read-datasource.*}) was set but cannot serve: the worker does not start. */
final class ReadDatabaseUnusable extends RuntimeException {

    ReadDatabaseUnusable(String problem, Throwable cause) {
        super("notifier.read-datasource.url is set but unusable: " + problem, cause);
    }
}
