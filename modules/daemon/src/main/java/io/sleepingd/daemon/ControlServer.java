package io.sleepingd.daemon;

import io.sleepingd.logging.RepeatingLog;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The running daemon's Unix domain socket, in the private run directory. One request line per
 * connection ({@link ControlRequest}): {@code status} answers the status's lines; {@code stop} answers
 * {@code stopping} and keeps the connection open until the daemon has stopped, so that
 * {@code sleepingd stop} returns only when every STOP_CMD has run.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** What the daemon does for the control socket. */
    interface Handler {
        /** The answer to a status request: {@code request} as {@link ControlRequest#status} wrote it. */
        List<String> status(ControlRequest.Status request);

        /** One line per service that listens: {@code NAME (port N)}. */
        List<String> listening();

        /** Begins the shutdown; returns at once. */
        void requestStop();

        /** Reads the configuration again; the first line starts with "reloaded" or "error". */
        List<String> reload();
    }

    /** After a failed accept (out of descriptors): the pause grows to the longest, and shrinks back on success. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    /** Longer than any request (a status request names a service); a longer line is answered as an unknown request. */
    private static final int MAX_REQUEST = 1024;

    private final RepeatingLog acceptFailures = new RepeatingLog(LOG, Level.WARN, Duration.ofSeconds(10));
    private final ServerSocketChannel server;
    private final Path socket;
    private final Set<SocketChannel> waitingForStop = ConcurrentHashMap.newKeySet();

    private ControlServer(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    /** Binds the socket; a stale socket file left by a daemon that died is replaced. */
    static ControlServer start(Path socket, Handler handler) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ControlServer control = new ControlServer(server, socket);
        Thread.ofVirtual().name("control").start(() -> control.acceptLoop(handler));
        return control;
    }

    private void acceptLoop(Handler handler) {
        Duration pause = FIRST_PAUSE;
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                pause = FIRST_PAUSE;
                Thread.ofVirtual().name("control-client").start(() -> answer(client, handler));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                acceptFailures.log("control socket: accept failed: " + e.getMessage() + "; retrying");
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void answer(SocketChannel client, Handler handler) {
        boolean keepOpen = false;
        try {
            Writer writer = new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8);
            String request = readRequest(Channels.newInputStream(client));
            Optional<ControlRequest.Status> status = ControlRequest.parseStatus(request);
            List<String> answer = switch (request) {
                case String _ when status.isPresent() -> handler.status(status.get());
                case ControlRequest.LISTENING -> handler.listening();
                case "reload" -> handler.reload();
                case "stop" -> {
                    writer.write("stopping\n"); // before the shutdown it begins can close this connection
                    writer.flush();
                    keepOpen = true;
                    waitingForStop.add(client);
                    handler.requestStop();
                    yield List.of();
                }
                default -> List.of("error: unknown request");
            };
            for (String line : answer) {
                writer.write(line + "\n");
            }
            writer.flush();
        } catch (IOException e) {
            LOG.warn("control socket: {}", e.getMessage());
        } finally {
            if (!keepOpen) {
                closeQuietly(client);
            }
        }
    }

    /** The request line, read with a bound: a request is one short word. */
    private static String readRequest(java.io.InputStream in) throws IOException {
        StringBuilder request = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (request.length() == MAX_REQUEST) {
                return "";
            }
            request.append((char) c);
        }
        return request.toString().strip();
    }

    /** Stops listening and releases the clients waiting for the stop to finish. */
    @Override
    public void close() {
        closeQuietly(server);
        waitingForStop.forEach(ControlServer::closeQuietly);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove the control socket {}: {}", socket, e.getMessage());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a control channel failed: {}", e.getMessage());
        }
    }
}
