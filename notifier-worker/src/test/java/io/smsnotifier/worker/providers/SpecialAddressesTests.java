package io.smsnotifier.worker.providers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SpecialAddressesTests {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "::1", "::", "::102", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "224.0.0.1",
            // IPv4 inside IPv6 judged as that IPv4, reserved and special-purpose ranges
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:7f00:1::1", "2002:a00:1::", "2001:0:1::1",
            "::7f00:1", "240.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1"})
    void treatsLoopbackPrivateLinkLocalAndUniqueLocalAddressesAsPrivate(String address) throws Exception {
        assertThat(SpecialAddresses.isPrivate(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "203.0.113.10", "2001:4860:4860::8888", "100.128.0.1", "64:ff9b::808:808",
            "2002:808:808::1"})
    void treatsPublicAddressesAsPublic(String address) throws Exception {
        assertThat(SpecialAddresses.isPrivate(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"169.254.169.254, 169.254.169.254", "::ffff:169.254.169.254, 169.254.169.254",
            "64:ff9b::a9fe:a9fe, 169.254.169.254", "2002:6464:64c8::1, 100.100.100.200", "::a9fe:aa02, 169.254.170.2",
            "fd00:ec2::254, fd00:ec2::254"})
    void findsMetadataEndpointsInEveryForm(String address, String endpoint) throws Exception {
        assertThat(SpecialAddresses.metadata(InetAddress.getByName(address)))
                .contains(InetAddress.getByName(endpoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.253", "10.0.0.1", "64:ff9b::a00:1", "fd00:ec2::253"})
    void findsNoMetadataEndpointInOtherAddresses(String address) throws Exception {
        assertThat(SpecialAddresses.metadata(InetAddress.getByName(address))).isEmpty();
    }
}
