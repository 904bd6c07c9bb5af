package io.sleepingd.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sleepingd.spi.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * Reading {@code docker port}'s answer. The test engine runs without a bridge (these machines allow
 * none), so published ports cannot be exercised end to end; the lines below are docker's own format.
 */
class PublishedPortTest {

    @Test
    void aPortPublishedOnEveryAddressIsReachedOnLoopback() {
        assertEquals(new Endpoint("127.0.0.1", 32768), DockerBackend.publishedEndpoint("0.0.0.0:32768"));
        assertEquals(new Endpoint("127.0.0.1", 32768), DockerBackend.publishedEndpoint("[::]:32768"));
    }

    @Test
    void aPortPublishedOnOneAddressIsReachedThere() {
        assertEquals(new Endpoint("192.0.2.7", 8080), DockerBackend.publishedEndpoint("192.0.2.7:8080"));
        assertEquals(new Endpoint("::1", 8080), DockerBackend.publishedEndpoint("[::1]:8080"));
    }
}
