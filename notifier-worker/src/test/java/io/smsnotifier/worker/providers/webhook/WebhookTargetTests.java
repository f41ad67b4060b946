package io.smsnotifier.worker.providers.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTargetTests {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "224.0.0.1",
            // IPv4 inside IPv6 judged as that IPv4, reserved and special-purpose ranges
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:7f00:1::1", "2002:a00:1::", "2001:0:1::1",
            "::7f00:1", "240.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1"})
    void treatsLoopbackPrivateLinkLocalAndUniqueLocalAddressesAsPrivate(String address) throws Exception {
        assertThat(WebhookTarget.isPrivate(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "203.0.113.10", "2001:4860:4860::8888", "100.128.0.1", "64:ff9b::808:808",
            "2002:808:808::1"})
    void treatsPublicAddressesAsPublic(String address) throws Exception {
        assertThat(WebhookTarget.isPrivate(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void refusesAPrivateTargetUnlessAllowed() {
        WebhookTarget refused = new WebhookTarget("http://127.0.0.1:8099/sms", false, List.of(),
                "notifier.sms.services.gw.url");
        assertThatThrownBy(refused::checkReachable).isInstanceOf(WebhookTarget.BlockedAddressException.class)
                .hasMessageContaining("notifier.sms.services.gw.url").hasMessageContaining("allow-private-network");

        WebhookTarget allowed = new WebhookTarget("http://127.0.0.1:8099/sms", true, List.of(),
                "notifier.sms.services.gw.url");
        assertThatCode(allowed::checkReachable).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://sms.example.com/hook", "file:///etc/passwd", "gopher://x", "not a url", "http:///path"})
    void acceptsOnlyHttpAndHttpsUrlsWithAHost(String url) {
        assertThatThrownBy(() -> new WebhookTarget(url, false, List.of(), "notifier.sms.services.gw.url"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("notifier.sms.services.gw.url");
    }
}
