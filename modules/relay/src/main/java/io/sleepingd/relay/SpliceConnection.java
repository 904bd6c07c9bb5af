package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A connection on the {@link RelayTransport#SPLICE splice transport}: the bytes go from one socket
 * into a pipe and from the pipe into the other socket with {@code splice(2)}, never through the
 * JVM's memory. A connection to an awake backend is connected here ({@code socket} already
 * non-blocking, a non-blocking {@code connect}, its result read from the epoll event), with no JDK
 * channel; a backend connected by the daemon during a wake, and every client, keep their JDK
 * channel, which closes them, so that the descriptor is never closed twice.
 */
final class SpliceConnection extends LoopConnection implements EpollLoop.Polled {
    private final EpollLoop loop;
    private final Linux linux;
    private final int clientFd;
    /** The backend's channel when the daemon connected it; null when connected here. */
    private SocketChannel backendChannel;
    private int backendFd = -1;
    /** The epoll interest registered for each side. */
    private int clientInterest = UNWATCHED;
    private int backendInterest = UNWATCHED;
    private static final int UNWATCHED = -1;
    /**
     * A side that reported a hang-up while its reader could not read is watched edge-triggered until
     * its reader can: level-triggered epoll reports a hang-up whatever the interest, at every wait.
     */
    private boolean clientQuiet;
    private boolean backendQuiet;

    SpliceConnection(EpollLoop loop, SocketChannel client, Traffic traffic) {
        super(loop, client, traffic);
        this.loop = loop;
        this.linux = loop.linux();
        this.clientFd = Linux.descriptor(client);
    }

    @Override
    void connect(InetSocketAddress address) {
        if (over) {
            return;
        }
        try {
            backendFd = linux.socket(address);
            linux.noDelay(backendFd);
            if (linux.connect(backendFd, address)) {
                start();
                return;
            }
            loop.add(backendFd, Linux.EPOLLOUT, this);
            backendInterest = Linux.EPOLLOUT;
            connecting();
        } catch (IOException e) {
            notConnected(e);
        }
    }

    @Override
    void closeUnconnectedBackend() {
        if (backendFd >= 0) {
            loop.forget(backendFd);
            linux.close(backendFd);
            backendFd = -1;
        }
    }

    @Override
    void relay(SocketChannel connected) {
        if (over) {
            Relay.closeQuietly(connected); // aborted while waiting for the loop
            return;
        }
        backendChannel = connected;
        backendFd = Linux.descriptor(connected);
        try {
            linux.nonBlocking(backendFd); // behind the channel's back: only its close is used from here on
            linux.noDelay(backendFd);
        } catch (IOException e) {
            finish(e);
            return;
        }
        start();
    }

    /** Both sides are connected: the flows start, each as its source has bytes. */
    private void start() {
        connecting = false;
        up = new SpliceFlow(clientFd, backendFd, "backend", traffic.toBackendAdder());
        down = new SpliceFlow(backendFd, clientFd, "client", traffic.toClientAdder());
        try {
            linux.nonBlocking(clientFd);
            linux.noDelay(clientFd);
        } catch (IOException e) {
            finish(e);
            return;
        }
        try {
            // A client that speaks first (HTTP, a database) has most likely sent its request by now:
            // relayed at once, not a wait later. What the backend may have sent is left to the wait.
            up.read();
        } catch (IOException e) {
            finish(e);
            return;
        }
        afterIo();
    }

    @Override
    public void polled(int fd, int events) {
        try {
            if (connecting) {
                connected(events);
                return;
            }
            if ((events & Linux.EPOLLERR) != 0) {
                // Reported whatever the interest: a reset, say. Waiting for a flow to want the side
                // would spin the loop on it.
                finish(linux.failure(fd == clientFd ? "the client's side" : "the backend's side", linux.socketError(fd)));
                return;
            }
            boolean fromClient = fd == clientFd;
            Flow reader = fromClient ? up : down;
            if ((events & (Linux.EPOLLIN | Linux.EPOLLHUP)) != 0) {
                if ((events & Linux.EPOLLHUP) != 0 && !reader.wantsRead(loop.pool().canKeep())) {
                    // It reads the rest once it can (SpliceFlow.write, memoryAvailable): the interest
                    // it then asks for is level-triggered again, and the end of input is reported.
                    if (fromClient) {
                        clientQuiet = true;
                    } else {
                        backendQuiet = true;
                    }
                } else {
                    reader.read();
                }
            }
            if ((events & Linux.EPOLLOUT) != 0 && !over) {
                (fromClient ? down : up).write(); // writable client: the backend-to-client flow can go on
            }
            if (!over) {
                afterIo();
            }
        } catch (IOException e) {
            finish(e);
        }
    }

    /** The connect in progress ended: its error, if any, is the socket's. */
    private void connected(int events) throws IOException {
        int error = (events & (Linux.EPOLLERR | Linux.EPOLLHUP)) != 0 ? linux.socketError(backendFd) : 0;
        if (error == 0) {
            start();
            return;
        }
        IOException failure = linux.failure("connect", error);
        if (Relay.isReset(failure)) {
            connecting = false;
            finish(failure); // the backend accepted, then ended the connection: relayed, briefly
        } else {
            notConnected(failure);
        }
    }

    @Override
    public void failed(Throwable bug) {
        super.failed(bug);
    }

    @Override
    void watch(boolean clientRead, boolean clientWrite, boolean backendRead, boolean backendWrite)
            throws IOException {
        clientQuiet &= !clientRead;
        backendQuiet &= !backendRead;
        int client = (clientRead ? Linux.EPOLLIN : 0) | (clientWrite ? Linux.EPOLLOUT : 0)
                | (clientQuiet ? Linux.EPOLLET : 0);
        int backend = (backendRead ? Linux.EPOLLIN : 0) | (backendWrite ? Linux.EPOLLOUT : 0)
                | (backendQuiet ? Linux.EPOLLET : 0);
        clientInterest = interest(clientFd, clientInterest, client);
        backendInterest = interest(backendFd, backendInterest, backend);
    }

    private int interest(int fd, int registered, int wanted) throws IOException {
        if (registered == UNWATCHED) {
            loop.add(fd, wanted, this);
        } else if (registered != wanted) {
            loop.modify(fd, wanted);
        }
        return wanted;
    }

    @Override
    void close(boolean reset) {
        loop.forget(clientFd);
        loop.forget(backendFd);
        if (reset) {
            Relay.reset(client);
        } else {
            Relay.closeQuietly(client);
        }
        if (backendChannel != null) {
            if (reset) {
                Relay.reset(backendChannel);
            } else {
                Relay.closeQuietly(backendChannel);
            }
        } else if (backendFd >= 0) {
            if (reset) {
                linux.reset(backendFd);
            } else {
                linux.close(backendFd);
            }
        }
    }

    /** One direction, through the loop's scratch pipe, or the flow's own while its sink is full. */
    private final class SpliceFlow extends Flow {
        private static final int SPLICES_PER_EVENT = 8;
        private final int source;
        private final int sink;
        /** The pipe holding what the sink has not taken, or null. */
        private int[] pending;
        private long pendingBytes;
        /** The buffer budget this flow's pipe counts for while it holds data. */
        private int reserved;

        SpliceFlow(int source, int sink, String sinkName, LongAdder counted) {
            super(sinkName, counted);
            this.source = source;
            this.sink = sink;
        }

        @Override
        boolean holdsData() {
            return pending != null;
        }

        /**
         * Splices from the source through the scratch pipe into the sink, again while each splice
         * fills the pipe (a bulk transfer), up to {@link #SPLICES_PER_EVENT} times: fewer waits
         * per byte, and other connections still get their turn.
         */
        @Override
        void read() throws IOException {
            BufferPool pool = loop.pool();
            for (int i = 0; i < SPLICES_PER_EVENT && wantsRead(pool.canKeep()); i++) {
                if (!spliceOnce(pool)) {
                    return;
                }
            }
        }

        /** One splice in and out; whether the pipe was filled, so that more may be waiting. */
        private boolean spliceOnce(BufferPool pool) throws IOException {
            int[] pipe = loop.scratchPipe();
            // What the sink does not take stays in the pipe: as much as the budget can keep, and
            // under pressure only a small part of it, as on NIO.
            int chunk = pool.readLimit(pipe[2]);
            if (chunk == 0) {
                return false; // another loop took the room meanwhile: a splice of 0 would read as the end
            }
            long n = linux.splice(source, pipe[1], chunk);
            if (n == Linux.AGAIN) {
                return false;
            }
            if (n == 0) {
                ended = true;
                linux.shutdownOutput(sink); // nothing is pending: the half-close follows the last byte
                return false;
            }
            moved(n, loop.turnStarted);
            long written;
            try {
                written = linux.splice(pipe[0], sink, n);
            } catch (IOException e) {
                loop.discard(pipe); // it holds what the sink refused
                throw e;
            }
            if (written == Linux.AGAIN) {
                written = 0;
            }
            if (written < n) {
                // The sink is full, and the source is not read until it has taken the rest: the
                // scratch pipe becomes this flow's own, and the loop takes another.
                loop.scratchTaken();
                pending = pipe;
                pendingBytes = n - written;
                reserved = chunk;
                pool.reserve(reserved);
                pendingSince = System.nanoTime();
                return false;
            }
            return n == chunk;
        }

        @Override
        void write() throws IOException {
            if (pending == null) {
                return;
            }
            long written = linux.splice(pending[0], sink, pendingBytes);
            if (written == Linux.AGAIN) {
                return;
            }
            pendingBytes -= written;
            if (pendingBytes == 0) {
                loop.pool().unreserve(reserved);
                loop.give(pending);
                pending = null;
                read(); // more is likely waiting (a bulk transfer), or its side is quiet (a hang-up)
            }
        }

        @Override
        void release() {
            if (pending != null) {
                loop.pool().unreserve(reserved);
                loop.discard(pending);
                pending = null;
            }
        }
    }
}
