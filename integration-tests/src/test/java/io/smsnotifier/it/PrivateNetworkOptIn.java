package io.smsnotifier.it;

/**
 * The per-service opt-in that lets a webhook reach loopback and private addresses (the receivers listen on
 * 127.0.0.1), in the one place the tests write it. Once {@code notifier.sms.allowed-private-networks} opens the
 * ranges for the whole worker (the tests set it as well), {@link #privateNetworkOptIn()} returns {@code ""} and
 * the field is gone from every document.
 */
final class PrivateNetworkOptIn {

    private PrivateNetworkOptIn() {
    }

    /**
     * {@code "allowPrivateNetwork": true, } — put it first in a service's JSON object ({@code {%s"name": ...}}),
     * so that an empty fragment leaves a valid document.
     */
    static String privateNetworkOptIn() {
        return "";
    }
}
