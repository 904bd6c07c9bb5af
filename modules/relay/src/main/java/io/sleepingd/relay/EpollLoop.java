package io.sleepingd.relay;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link RelayTransport#SPLICE splice transport}'s loop: an epoll instance, level-triggered, each
 * descriptor's interest changed only when what its flows wait for changes, and an eventfd that
 * other threads write to {@link #wakeup} it. A handler is found by descriptor number; each
 * registration also carries a generation, so that an event still queued for a descriptor closed
 * earlier in the same turn never reaches the connection that got its number next.
 *
 * <p>It also keeps the pipes its connections splice through: one scratch pipe that every flow
 * splices into and straight out of, so that a connection holds a pipe only while its sink has not
 * taken what was read (as {@link NioLoop}'s scratch buffer), and a few free ones.
 *
 * <p>Touched by its thread alone, but for {@link #wakeup}, which any thread may call.
 */
final class EpollLoop extends RelayLoop {
    private static final int MAX_EVENTS = 256;
    /**
     * Free pipes kept per loop; more are closed. Few: the kernel counts each pipe's whole size against
     * the user's pipe allowance, used or not.
     */
    private static final int KEEP_PIPES = 4;
    /**
     * How much one splice moves at most: the size of each pipe. Measured, 1 MiB pipes relay a bulk
     * transfer for half the CPU time of 64 KiB ones (the default), and less than NIO's copies
     * (docs/benchmarks.md, "Relay performance, second round"); a pipe holds memory only for the
     * bytes in it.
     */
    static final int PIPE_SIZE = 1 << 20;

    private final Linux linux = new Linux();
    private final int epoll;
    private final int wakeFd;
    private final MemorySegment events;
    /** The 8-byte 1 that {@link #wakeup} writes to the eventfd, from any thread: never written after. */
    private final MemorySegment one = Arena.global().allocateFrom(ValueLayout.JAVA_LONG, 1L);
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private int ready;
    private Polled[] handlers = new Polled[1024];
    private int[] generations = new int[1024];
    private int nextGeneration;
    private int[] scratchPipe;
    private final ArrayDeque<int[]> freePipes = new ArrayDeque<>();

    EpollLoop(RelayLoops group, String name) throws IOException {
        super(group, name);
        events = linux.events(MAX_EVENTS);
        epoll = linux.epollCreate();
        try {
            wakeFd = linux.eventFd();
            linux.epollAdd(epoll, wakeFd, Linux.EPOLLIN, wakeFd);
        } catch (IOException e) {
            linux.close(epoll);
            throw e;
        }
    }

    Linux linux() {
        return linux;
    }

    @Override
    LoopConnection connection(SocketChannel client, Traffic traffic) {
        return new SpliceConnection(this, client, traffic);
    }

    /** Watches {@code fd} for {@code interest}; events for it go to {@code handler}. */
    void add(int fd, int interest, Polled handler) throws IOException {
        if (fd >= handlers.length) {
            int size = Math.max(fd + 1, handlers.length * 2);
            handlers = Arrays.copyOf(handlers, size);
            generations = Arrays.copyOf(generations, size);
        }
        int generation = ++nextGeneration;
        linux.epollAdd(epoll, fd, interest, (long) generation << 32 | fd);
        handlers[fd] = handler;
        generations[fd] = generation;
    }

    void modify(int fd, int interest) throws IOException {
        linux.epollModify(epoll, fd, interest, registration(fd));
    }

    /** What an event for {@code fd}'s current registration carries: its generation, then the descriptor. */
    private long registration(int fd) {
        return (long) generations[fd] << 32 | fd;
    }

    /** Forgets {@code fd}, about to be closed (which ends its watch): events still queued for it are dropped. */
    void forget(int fd) {
        if (fd >= 0 && fd < handlers.length) {
            handlers[fd] = null;
            generations[fd] = 0;
        }
    }

    @Override
    public Watch watch(SelectableChannel channel, Ready handler) throws IOException {
        channel.configureBlocking(false);
        int fd = Linux.descriptor(channel);
        ChannelWatch watch = new ChannelWatch(channel, fd, handler);
        add(fd, ChannelWatch.INTEREST, watch);
        return watch;
    }

    @Override
    void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            Linux.signalEventFd(wakeFd, one);
        }
    }

    @Override
    void await(long timeoutMillis) throws IOException {
        ready = linux.epollWait(epoll, events, MAX_EVENTS, (int) timeoutMillis);
        for (int i = 0; i < ready; i++) {
            if (Linux.eventData(events, i) == wakeFd) {
                // Emptied before the flag is cleared: a wakeup after this writes again, one before it
                // has queued its task already, and the turn runs the tasks next.
                linux.drainEventFd(wakeFd);
                wakeupPending.set(false);
                break;
            }
        }
    }

    @Override
    void dispatch() {
        for (int i = 0; i < ready; i++) {
            long data = Linux.eventData(events, i);
            int fd = (int) data;
            if (fd == wakeFd || fd >= handlers.length || generations[fd] != (int) (data >>> 32)) {
                continue; // the wakeup, or a descriptor forgotten since the event was queued
            }
            Polled handler = handlers[fd];
            int flags = Linux.eventFlags(events, i);
            try {
                handler.polled(fd, flags);
            } catch (Throwable bug) {
                handlerFailed(bug);
                handler.failed(bug);
            }
        }
    }

    @Override
    List<LoopConnection> connections() {
        Set<LoopConnection> connections = new LinkedHashSet<>();
        for (Polled handler : handlers) {
            if (handler instanceof LoopConnection connection) {
                connections.add(connection);
            }
        }
        return List.copyOf(connections);
    }

    /**
     * Closing a descriptor ends its epoll watch at once; what is left is to forget the handlers of
     * watched channels closed since, so that the table holds no closed channel.
     */
    @Override
    CompletableFuture<Void> release() {
        if (!isAlive()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            for (int fd = 0; fd < handlers.length; fd++) {
                if (handlers[fd] instanceof ChannelWatch watch && !watch.channel.isOpen()) {
                    forget(fd);
                }
            }
            done.complete(null);
        });
        return done;
    }

    @Override
    void closeAll() {
        for (int fd = 0; fd < handlers.length; fd++) {
            switch (handlers[fd]) {
                case ChannelWatch watch -> {
                    try {
                        watch.channel.close();
                    } catch (IOException e) {
                        // closing to let go of it; nothing else to do
                    }
                }
                case LoopConnection connection -> connection.finish(new IOException("the relay loop ended"));
                case null, default -> {
                }
            }
        }
        if (scratchPipe != null) {
            closePipe(scratchPipe);
        }
        freePipes.forEach(this::closePipe);
        linux.close(wakeFd);
        linux.close(epoll);
        linux.close();
    }

    /** The pipe a flow splices its next read through, empty. */
    int[] scratchPipe() throws IOException {
        if (scratchPipe == null) {
            int[] free = freePipes.poll();
            scratchPipe = free != null ? free : linux.pipe(PIPE_SIZE);
        }
        return scratchPipe;
    }

    /** The flow that spliced into the scratch pipe keeps it, holding what its sink did not take. */
    void scratchTaken() {
        scratchPipe = null;
    }

    /** A flow's pipe is empty again: the next scratch pipe, or a free one. */
    void give(int[] pipe) {
        if (scratchPipe == null) {
            scratchPipe = pipe;
        } else if (freePipes.size() < KEEP_PIPES) {
            freePipes.add(pipe);
        } else {
            closePipe(pipe);
        }
    }

    /** A pipe that may still hold bytes (its flow failed or was cut) is never used again. */
    void discard(int[] pipe) {
        if (pipe == scratchPipe) {
            scratchPipe = null;
        }
        closePipe(pipe);
    }

    private void closePipe(int[] pipe) {
        linux.close(pipe[0]);
        linux.close(pipe[1]);
    }

    /** What a watched descriptor's events go to: a connection, or a watched channel's handler. */
    interface Polled {
        void polled(int fd, int events);

        void failed(Throwable bug);
    }

    /**
     * A channel the acceptor watches. Every loop watches a listening socket ({@link RelayLoops#acceptingLoops}),
     * and {@code EPOLLEXCLUSIVE} has the kernel wake one of those waiting for it per connection, not all.
     */
    private final class ChannelWatch implements Polled, Watch {
        static final int INTEREST = Linux.EPOLLIN | Linux.EPOLLEXCLUSIVE;
        private final SelectableChannel channel;
        private final int fd;
        private final Ready handler;

        ChannelWatch(SelectableChannel channel, int fd, Ready handler) {
            this.channel = channel;
            this.fd = fd;
            this.handler = handler;
        }

        @Override
        public void polled(int fd, int events) {
            handler.ready();
        }

        @Override
        public void failed(Throwable bug) {
            handler.failed(bug);
        }

        @Override
        public boolean isValid() {
            return channel.isOpen() && fd < handlers.length && handlers[fd] == this;
        }

        /** An exclusive watch cannot be modified: it is removed, then added again. */
        @Override
        public void pause() {
            try {
                linux.epollDelete(epoll, fd);
            } catch (IOException e) {
                // closed meanwhile: nothing is watched any more
            }
        }

        @Override
        public void resume() {
            try {
                linux.epollAdd(epoll, fd, INTEREST, registration(fd));
            } catch (IOException e) {
                // closed meanwhile: nothing is watched any more
            }
        }
    }
}
