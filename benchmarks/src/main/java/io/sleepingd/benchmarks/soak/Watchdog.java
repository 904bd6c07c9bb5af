package io.sleepingd.benchmarks.soak;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket whose connection has run past its deadline, so that a hung relay shows as a
 * timeout instead of a client that waits for ever (a blocking write has no timeout of its own).
 */
final class Watchdog {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("soak-watchdog").factory());

    /** One connection's deadline; closing the guard cancels it. */
    static final class Guard implements AutoCloseable {
        private final AtomicBoolean fired = new AtomicBoolean();
        private ScheduledFuture<?> alarm;

        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            alarm.cancel(false);
        }
    }

    Guard guard(Closeable socket, Duration timeout) {
        Guard guard = new Guard();
        guard.alarm = timer.schedule(() -> {
            guard.fired.set(true);
            try {
                socket.close();
            } catch (IOException e) {
                // closing to end it; nothing else to do
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return guard;
    }
}
