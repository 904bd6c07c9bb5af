package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault isolation in the event loop: an {@link Error} in one connection's handling (an
 * OutOfMemoryError once killed a loop) ends that connection and the loop goes on; a loop that dies
 * all the same is reported, so that the daemon can stop instead of serving half its ports. The
 * faulty connection is a test double (a pipe with a handler that throws): no real connection can be
 * made to throw on demand.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayLoopFaultTest {
    @Parameter
    RelayTransport transport;

    private final CompletableFuture<Throwable> death = new CompletableFuture<>();
    private final AtomicReference<EventLoop.Watch> watch = new AtomicReference<>();
    private RelayLoops loops;

    @BeforeEach
    void startLoops() {
        loops = new RelayLoops(1, new BufferPool(1 << 20), Duration.ofMinutes(1), transport);
    }

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    @Test
    void anOutOfMemoryErrorInOneConnectionLeavesTheLoopRelaying() throws Exception {
        loops.onDeath(death::complete);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        register(new Ready() {
            @Override
            public void ready() {
                watch.get().pause();
                throw new OutOfMemoryError("thrown on purpose by this test");
            }

            @Override
            public void failed(Throwable bug) {
                ended.complete(bug);
            }
        });

        assertInstanceOf(OutOfMemoryError.class, ended.get(30, TimeUnit.SECONDS), "the connection was ended");
        try (RelayedConnection.Servers servers = new RelayedConnection.Servers(loops);
             RelayedConnection c = servers.connect(new Traffic())) {
            c.client.getOutputStream().write("ping".getBytes());
            assertEquals("ping", new String(c.backend.getInputStream().readNBytes(4)), "relayed after the error");
        }
    }

    @Test
    void aLoopThatDiesIsReported() throws Exception {
        loops.onDeath(death::complete);
        register(new Ready() {
            @Override
            public void ready() {
                throw new IllegalStateException("a bug, thrown on purpose by this test");
            }

            @Override
            public void failed(Throwable bug) {
                throw new IllegalStateException("a bug in the handling of a bug, thrown on purpose by this test");
            }
        });

        assertInstanceOf(IllegalStateException.class, death.get(30, TimeUnit.SECONDS));
    }

    /** A pipe with one byte to read, registered on the loop with {@code handler}. */
    private void register(Ready handler) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        RelayLoop loop = loops.next();
        loop.execute(() -> {
            try {
                watch.set(loop.watch(pipe.source(), handler));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    }
}
