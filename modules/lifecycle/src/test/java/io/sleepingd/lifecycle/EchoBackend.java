package io.sleepingd.lifecycle;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's backend made of a real echo server in this JVM: {@code start} opens its listening
 * socket, {@code stop} closes it, and every call is recorded with its time. Providers are plugins
 * that run processes; this one lets the lifecycle be tested in-process, with real sockets, and lets a
 * test hold a start ({@link #holdStarts}) or make it fail ({@link #failStarts}).
 */
final class EchoBackend implements Backend, AutoCloseable {
    /**
     * What happened, in order: "start", "started", "start interrupted", "start failed", "started nothing",
     * "stop".
     */
    final List<String> events = new CopyOnWriteArrayList<>();
    /** When each start was called (System.nanoTime). */
    final List<Long> startTimes = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch startGate = new CountDownLatch(0);
    private volatile CountDownLatch checkGate = new CountDownLatch(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    /** How many CHECKs were asked. */
    final AtomicInteger checks = new AtomicInteger();
    private volatile boolean failStarts;
    private volatile boolean neverAccept;
    private volatile boolean failAfterStarting;
    private volatile boolean failBeforeStarting;
    private volatile ServerSocket server;

    /** Starts wait until {@link #releaseStarts}; interrupted, they give up. */
    void holdStarts() {
        startGate = new CountDownLatch(1);
    }

    void releaseStarts() {
        startGate.countDown();
    }

    void failStarts(boolean fail) {
        failStarts = fail;
    }

    /** START opens the echo server, then fails, like a START_CMD that started its VM and then exited 1. */
    void failAfterStarting() {
        failAfterStarting = true;
    }

    /** START fails saying it started nothing ({@link NothingStartedException}). */
    void failBeforeStarting() {
        failBeforeStarting = true;
    }

    /** Whether the echo server START opened still listens. */
    boolean listening() {
        ServerSocket socket = server;
        return socket != null && !socket.isClosed();
    }

    /** START succeeds with an address where nothing listens, like a VM that never finishes booting. */
    void neverAccept() {
        neverAccept = true;
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    /** CHECKs wait until {@link #releaseChecks}; interrupted, they fail. */
    void holdChecks() {
        checkGate = new CountDownLatch(1);
    }

    void releaseChecks() {
        checkGate.countDown();
    }

    /** The most CHECKs and STARTs that ran at once: the SPI promises one. */
    int mostChecksOrStartsAtOnce() {
        return mostAtOnce.get();
    }

    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        checks.incrementAndGet();
        enter();
        try {
            checkGate.await();
            return new CheckResult.NotRunning();
        } catch (InterruptedException e) {
            throw new BackendException("check interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        enter();
        try {
            return startServer();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void enter() {
        mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    private Endpoint startServer() throws BackendException {
        events.add("start");
        startTimes.add(System.nanoTime());
        try {
            startGate.await();
        } catch (InterruptedException e) {
            events.add("start interrupted");
            throw new BackendException("start interrupted", e);
        }
        if (failBeforeStarting) {
            events.add("started nothing");
            throw new NothingStartedException("the test made this start fail before starting anything");
        }
        if (failStarts) {
            events.add("start failed");
            throw new BackendException("the test made this start fail");
        }
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            if (neverAccept) {
                socket.close(); // its port, free again: connections to it are refused
                events.add("started");
                return new Endpoint("127.0.0.1", socket.getLocalPort());
            }
            server = socket;
            Thread.ofVirtual().start(() -> serve(socket));
            events.add("started");
            if (failAfterStarting) {
                events.add("start failed");
                throw new BackendException("the test made this start fail after it started the server");
            }
            return new Endpoint("127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new BackendException("cannot listen: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        events.add("stop");
        close();
    }

    @Override
    public void close() {
        ServerSocket socket = server;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void serve(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> echo(connection));
            } catch (IOException e) {
                return; // stopped
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the client went away
        }
    }
}
