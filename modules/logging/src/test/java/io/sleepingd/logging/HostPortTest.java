package io.sleepingd.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Addresses in log lines read as an administrator types them. */
class HostPortTest {
    @Test
    void anIpv4AddressHasNoLeadingSlash() {
        assertEquals("127.0.0.1:10080", HostPort.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 10080)));
    }

    @Test
    void anIpv6AddressIsInBrackets() {
        assertEquals("[0:0:0:0:0:0:0:1]:22", HostPort.of(new InetSocketAddress(InetAddress.ofLiteral("::1"), 22)));
    }

    @Test
    void theWildcardIsWrittenAsTheKernelShowsIt() {
        assertEquals("[0:0:0:0:0:0:0:0]:8080", HostPort.of(new InetSocketAddress(InetAddress.ofLiteral("::"), 8080)));
    }

    @Test
    void noAddressIsUnknown() {
        assertEquals("(unknown)", HostPort.of(null));
    }
}
