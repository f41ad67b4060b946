package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.worker.providers.DestinationPolicy;
import okhttp3.Dns;

import java.net.URI;

/**
 * A webhook URL that {@link DestinationPolicy} passed at creation, with the property it came from. The policy
 * checks again inside the HTTP client's DNS lookup ({@link #dns}), so the address checked is the address
 * connected to: a name that resolves to a public address for the check and to a private one for the connection
 * (DNS rebinding) gets nowhere.
 */
record WebhookTarget(URI uri, DestinationPolicy policy, String property) {

    /** @throws IllegalStateException naming {@code property}, when the URL is malformed or the policy refuses it */
    static WebhookTarget of(DestinationPolicy policy, String url, String property) {
        return new WebhookTarget(policy.url(url, property), policy, property);
    }

    /** A DNS lookup for the HTTP client: the addresses {@code upstream} finds, each one the policy allows. */
    Dns dns(Dns upstream) {
        return policy.dns(upstream, property, uri.getScheme().equalsIgnoreCase("https"));
    }
}
