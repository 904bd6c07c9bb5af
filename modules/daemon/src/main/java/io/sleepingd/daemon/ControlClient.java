package io.sleepingd.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Talks to a running daemon through its control socket. */
final class ControlClient {
    private ControlClient() {
    }

    /**
     * Sends one request and reads the answer until the daemon closes the connection.
     *
     * @return the answer's lines, or empty when no daemon is listening
     */
    static Optional<List<String>> request(Path socket, String request) {
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
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            var reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return Optional.of(lines);
        } catch (IOException e) {
            // The daemon closes the connection as it exits; a reset then means the same thing.
            return Optional.of(List.of());
        }
    }
}
