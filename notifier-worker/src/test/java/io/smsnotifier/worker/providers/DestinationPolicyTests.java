package io.smsnotifier.worker.providers;

import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationPolicyTests {

    private static final String ENDPOINT = "notifier.sms.services.ali.endpoint";
    private static final String URL = "notifier.sms.services.gw.url";

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.1/8", "10.0.0.0/x", "gateway.internal", "10.0.0", "999.1.1.1",
            "fe80::1%eth0", "::1/129", "::ffff:10.0.0.0/8", ""})
    void refusesToStartWithARangeThatIsNotOneNamingTheProperty(String range) {
        assertThatThrownBy(() -> policy("10.1.0.0/16", range)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("notifier.sms.allowed-private-networks[1]: ");
    }

    @Test
    void refusesPrivateAddressesOutsideTheConfiguredRanges() {
        DestinationPolicy policy = policy("10.1.0.0/16", "fd00::/8", "192.168.7.7");

        assertThatCode(() -> policy.url("https://10.1.2.3/sms", URL)).doesNotThrowAnyException();
        assertThatCode(() -> policy.url("https://[fd12::1]/sms", URL)).doesNotThrowAnyException();
        assertThatCode(() -> policy.url("https://192.168.7.7/sms", URL)).doesNotThrowAnyException();
        for (String refused : List.of("https://10.2.0.1/sms", "https://127.0.0.1/sms", "https://[::1]/sms",
                "https://192.168.7.8/sms", "https://100.64.0.1/sms", "https://[fe80::1]/sms", "https://0.0.0.0/")) {
            assertThatThrownBy(() -> policy.url(refused, URL)).as(refused).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(URL + " resolves to a loopback, private")
                    .hasMessageContaining("notifier.sms.allowed-private-networks");
        }
    }

    @Test
    void opensAMetadataEndpointOnlyWhenTheListNamesTheExactAddress() {
        for (DestinationPolicy covering : List.of(policy("169.254.0.0/16"), policy("0.0.0.0/0", "::/0"),
                policy("169.254.169.254/31"), policy("100.100.100.200/32"), policy("fd00::/8"))) {
            for (String metadata : List.of("http://169.254.169.254/latest", "https://169.254.169.254/",
                    "https://[fd00:ec2::254]/")) {
                assertThatThrownBy(() -> covering.url(metadata, URL)).as(metadata)
                        .hasMessageStartingWith(URL + " resolves to a cloud metadata address");
            }
        }
        assertThatCode(() -> policy("169.254.169.254").url("http://169.254.169.254/x", URL))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy("169.254.169.254/32").url("http://169.254.169.254/x", URL))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy("fd00:ec2::254/128").url("https://[fd00:ec2::254]/", URL))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy("100.100.100.200/32").url("https://100.100.100.200/", URL))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> policy("169.254.169.254").url("http://169.254.170.2/x", URL))
                .hasMessageContaining("cloud metadata");
    }

    @Test
    void judgesIpv4InsideIpv6AsTheIpv4ItCarries() {
        DestinationPolicy loopback = policy("127.0.0.0/8");
        for (String wrapped : List.of("http://[::ffff:127.0.0.1]:8080/", "http://[64:ff9b::7f00:1]/",
                "http://[2002:7f00:1::1]/", "http://[::7f00:1]/")) {
            assertThatCode(() -> loopback.url(wrapped, URL)).as(wrapped).doesNotThrowAnyException();
            assertThatThrownBy(() -> policy("10.0.0.0/8").url(wrapped, URL)).as(wrapped)
                    .hasMessageContaining("loopback, private");
        }
        DestinationPolicy linkLocal = policy("169.254.0.0/16");
        for (String metadata : List.of("http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/",
                "http://[2002:a9fe:a9fe::]/")) {
            assertThatThrownBy(() -> linkLocal.url(metadata, URL)).as(metadata).hasMessageContaining("cloud metadata");
            assertThatCode(() -> policy("169.254.169.254").url(metadata, URL)).as(metadata)
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> policy("::ffff:10.0.0.0/104").url("http://10.3.0.1/", URL)).doesNotThrowAnyException();
    }

    @Test
    void allowsPlainHttpOnlyInsideTheConfiguredRanges() {
        DestinationPolicy policy = policy("203.0.113.0/24");

        assertThatCode(() -> policy.url("http://203.0.113.10/sms", URL)).doesNotThrowAnyException();
        assertThatCode(() -> policy.url("https://8.8.8.8/sms", URL)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.url("http://8.8.8.8/sms", URL))
                .hasMessageStartingWith(URL + " uses plain http://")
                .hasMessageContaining("notifier.sms.allowed-private-networks");
    }

    @Test
    void takesAVendorEndpointAsAUrlOrABareHttpsHost() {
        DestinationPolicy policy = policy("127.0.0.0/8");

        VendorEndpoint bare = policy.vendorEndpoint("8.8.8.8:8443", ENDPOINT);
        assertThat(bare.hostAndPort()).isEqualTo("8.8.8.8:8443");
        assertThat(bare.https()).isTrue();
        VendorEndpoint simulator = policy.vendorEndpoint(" http://127.0.0.1:18080 ", ENDPOINT);
        assertThat(simulator.hostAndPort()).isEqualTo("127.0.0.1:18080");
        assertThat(simulator.https()).isFalse();

        assertThatThrownBy(() -> policy.vendorEndpoint("http://169.254.169.254", ENDPOINT))
                .hasMessageStartingWith(ENDPOINT + " resolves to a cloud metadata address");
        assertThatThrownBy(() -> policy.vendorEndpoint("http://10.0.0.1:8080", ENDPOINT))
                .hasMessageStartingWith(ENDPOINT + " resolves to a loopback, private");
        assertThatThrownBy(() -> policy.vendorEndpoint("192.168.1.1", ENDPOINT))
                .hasMessageStartingWith(ENDPOINT + " resolves to a loopback, private");
        assertThatThrownBy(() -> policy.vendorEndpoint("http://8.8.8.8", ENDPOINT))
                .hasMessageStartingWith(ENDPOINT + " uses plain http://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://sms.example.com/hook", "file:///etc/passwd", "gopher://x", "not a url",
            "http:///path"})
    void acceptsOnlyHttpAndHttpsUrlsWithAHost(String url) {
        assertThatThrownBy(() -> policy().url(url, URL)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(URL);
    }

    @Test
    void neverShowsWhatTheUrlCarriesOrWhereANameResolves() {
        assertThatThrownBy(() -> policy().url("http://user:pa55word@10.9.9.9:8080/x?token=t0k3n", URL))
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("pa55word", "t0k3n", "10.9.9.9"));
        assertThatThrownBy(() -> policy().dns(fixed("10.9.9.9"), URL, true).lookup("internal.example"))
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("10.9.9.9"));
    }

    @Test
    void checksEveryAddressTheClientsLookupFinds() throws Exception {
        DestinationPolicy policy = policy("10.0.0.0/8");

        assertThat(policy.dns(fixed("10.0.0.5"), URL, true).lookup("gw.example"))
                .containsExactly(InetAddress.getByName("10.0.0.5"));
        assertThatThrownBy(() -> policy.dns(fixed("127.0.0.1"), URL, true).lookup("gw.example"))
                .isInstanceOf(DestinationPolicy.Refused.class).hasMessageStartingWith(URL + " resolves to a loopback");
        assertThatThrownBy(() -> policy.dns(fixed("10.0.0.5", "127.0.0.1"), URL, true).lookup("gw.example"))
                .as("one address refused refuses the name").isInstanceOf(DestinationPolicy.Refused.class);
        assertThatThrownBy(() -> policy.dns(fixed("8.8.8.8"), URL, false).lookup("gw.example"))
                .isInstanceOf(DestinationPolicy.Refused.class).hasMessageContaining("plain http://");
        assertThat(policy.dns(fixed("8.8.8.8"), URL, true).lookup("gw.example")).hasSize(1);
    }

    @Test
    void isAnUnknownHostToTheClientSoNoRequestLeaves() {
        assertThat(UnknownHostException.class).isAssignableFrom(DestinationPolicy.Refused.class);
    }

    static DestinationPolicy policy(String... ranges) {
        return new DestinationPolicy(new DestinationProperties(List.of(ranges)));
    }

    private static Dns fixed(String... addresses) {
        return hostname -> Arrays.stream(addresses).map(address -> {
            try {
                return InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
