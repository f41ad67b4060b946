/**
 * The public contract between producers and the SMS notifier: event records, topic names and a small publisher;
 * the JSON Schemas other languages' producers read are on the classpath under {@code /schemas/<topic>.schema.json}.
 */
package io.smsnotifier.events;
