package io.sleepingd.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Talks to a running daemon through its control socket. */
final class ControlClient {
    /**
     * How long a daemon has to answer anything but {@code stop} (which answers once the daemon has
     * stopped, within its own bound): one that is stuck, or out of descriptors, must not hang the CLI.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private ControlClient() {
    }

    /**
     * Sends one request and reads the answer until the daemon closes the connection.
     *
     * @return the answer's lines, or empty when no daemon is listening
     * @throws IOException when the daemon accepted the connection but did not answer in time
     */
    static Optional<List<String>> request(Path socket, String request) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            return Optional.empty();
        }
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                return Optional.empty(); // no socket file, or nobody listening on it: not running
            }
            Thread timeout = request.equals("stop") ? null : Thread.startVirtualThread(() -> closeLater(channel));
            try {
                return Optional.of(exchange(channel, request));
            } finally {
                if (timeout != null) {
                    timeout.interrupt();
                }
            }
        } catch (AsynchronousCloseException e) {
            throw new IOException("sleepingd did not answer '" + request + "' within " + ANSWER_TIMEOUT.toSeconds()
                    + " s on " + socket + "; see its log", e);
        } catch (IOException e) {
            // The daemon closes the connection as it exits; a reset then means the same thing.
            return Optional.of(List.of());
        }
    }

    private static List<String> exchange(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
        var reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static void closeLater(SocketChannel channel) {
        try {
            Thread.sleep(ANSWER_TIMEOUT);
            channel.close(); // the blocked read then fails with AsynchronousCloseException
        } catch (InterruptedException e) {
            // answered in time
        } catch (IOException e) {
            // closing to give up; nothing more to do
        }
    }
}
