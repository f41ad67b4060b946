package io.smsnotifier.worker.providers;

import okhttp3.Dns;

/**
 * A vendor endpoint as the SDKs want it: a host (with port) and whether to use HTTPS, as
 * {@link DestinationPolicy#vendorEndpoint} passed it, with the lookup the SDK's HTTP client must connect through
 * so that the policy sees every address connected to.
 *
 * @param dns resolves {@code hostAndPort}'s host, refusing ({@link DestinationPolicy.Refused}) what the policy does
 */
public record VendorEndpoint(String hostAndPort, boolean https, Dns dns) {
}
