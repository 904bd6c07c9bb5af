package io.sleepingd.answers;

import io.sleepingd.config.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Answers a held client in its own protocol, then closes the connection in order: the client's
 * request (what the protocol sends first) is read, the answer written, the sending side shut down,
 * and what the client still sends read and dropped for a moment, so that closing does not reset
 * the connection before the client has read the answer.
 *
 * <p>Runs on the held connection's own thread, with the client's channel in blocking mode; every
 * read is bounded in time and size, so a client that sends nothing delays only its own thread.
 */
public final class NativeAnswer {
    /** How long the client has to send what its protocol sends first. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long the client has to read the answer and close its side. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    /** More than any protocol's first message needs; an HTTP request's head at most. */
    private static final int MAX_REQUEST = 16 * 1024;
    private static final int POSTGRES_SSL_REQUEST = 80877103;
    private static final int POSTGRES_GSSENC_REQUEST = 80877104;
    private static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;

    private NativeAnswer() {
    }

    /**
     * Answers {@code client} as {@code protocol} speaks, and closes it. Only for protocols that
     * {@link Protocol#answers}.
     *
     * @throws IOException when the client went away or broke its protocol; the connection is closed anyway
     */
    public static void send(SocketChannel client, Protocol protocol, Answer answer) throws IOException {
        try (client) {
            client.socket().setSoTimeout((int) READ_TIMEOUT.toMillis());
            // the socket's own streams: they honour SO_TIMEOUT, which a channel's stream does not
            InputStream in = client.socket().getInputStream();
            OutputStream out = client.socket().getOutputStream();
            byte[] reply = switch (protocol) {
                case HTTP -> http(readHttpHead(in), answer);
                case POSTGRESQL -> postgresql(in, out, answer);
                case REDIS -> {
                    readSome(in);
                    yield redis(answer);
                }
                case MYSQL -> mysql(answer); // the server speaks first: nothing to read
                case TCP, SSH -> throw new IllegalArgumentException(protocol.written() + " has no answer");
            };
            out.write(reply);
            out.flush();
            client.shutdownOutput();
            drain(client, in);
        }
    }

    /** The request's head, up to the blank line; what arrives after it is the client's and stays unread. */
    private static String readHttpHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_REQUEST) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] http(String head, Answer answer) {
        boolean browser = head.lines().anyMatch(line -> line.toLowerCase(Locale.ROOT).startsWith("accept:")
                && line.toLowerCase(Locale.ROOT).contains("text/html"));
        boolean headOnly = head.startsWith("HEAD ");
        String status;
        String retryAfter = "";
        String text;
        switch (answer) {
            case Answer.Starting starting -> {
                long seconds = Math.max(1, starting.retryAfter().toSeconds());
                status = "503 Service Unavailable";
                retryAfter = "Retry-After: " + seconds + "\r\n";
                text = browser ? page("Starting", "This service is starting. This page reloads itself in " + seconds
                        + " s.", seconds) : "The service is starting; try again in " + seconds + " s.\n";
            }
            case Answer.Failed failed -> {
                status = "502 Bad Gateway";
                text = browser ? page("Not available", "This service is not available: " + failed.reason()
                        + ". Try again later.", 0) : "The service is not available: " + failed.reason() + ".\n";
            }
            case Answer.Refused refused -> {
                status = "503 Service Unavailable";
                text = browser ? page("Asleep", "This service is asleep, and this client may not wake it.", 0)
                        : "The service is asleep, and this client may not wake it.\n";
            }
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + "\r\n" + retryAfter
                + "Content-Type: " + (browser ? "text/html" : "text/plain") + "; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        if (!headOnly) {
            reply.writeBytes(body);
        }
        return reply.toByteArray();
    }

    /** A page a browser shows; with {@code refreshSeconds} above 0, it reloads itself then. */
    private static String page(String title, String message, long refreshSeconds) {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                + (refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">" : "")
                + "<title>" + title + "</title></head>\n<body><p>" + message + "</p></body></html>\n";
    }

    /**
     * Reads the startup packet, answering an SSLRequest or GSSENCRequest with {@code N} (no encryption)
     * first, as a server that does not offer it does; then an ErrorResponse with SQLSTATE 57P03
     * (cannot_connect_now), which psql shows as {@code FATAL:  the database system is starting up}.
     */
    private static byte[] postgresql(InputStream in, OutputStream out, Answer answer) throws IOException {
        for (int messages = 0; messages < 3; messages++) {
            ByteBuffer first = ByteBuffer.wrap(in.readNBytes(8));
            if (first.remaining() < 8) {
                throw new IOException("the client closed before its startup message");
            }
            int length = first.getInt();
            int code = first.getInt();
            if (length < 8 || length > MAX_REQUEST) {
                throw new IOException("not a PostgreSQL startup message (length " + length + ")");
            }
            in.readNBytes(length - 8);
            if (code != POSTGRES_SSL_REQUEST && code != POSTGRES_GSSENC_REQUEST) {
                break; // the StartupMessage
            }
            out.write('N');
            out.flush();
        }
        String message = switch (answer) {
            case Answer.Starting starting -> "the database system is starting up";
            case Answer.Failed failed -> "the database system is not available: " + failed.reason();
            case Answer.Refused refused -> "the database system is asleep, and this client may not wake it";
        };
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String field : new String[] {"SFATAL", "VFATAL", "C57P03", "M" + message}) {
            fields.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        ByteBuffer error = ByteBuffer.allocate(1 + 4 + fields.size());
        error.put((byte) 'E').putInt(4 + fields.size()).put(fields.toByteArray());
        return error.array();
    }

    /** What the client sent first (a Redis command), read once: enough, since the answer is an error. */
    private static void readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_REQUEST];
        if (in.read(buffer) < 0) {
            throw new IOException("the client closed before its first command");
        }
    }

    /** An error reply to the first command: {@code LOADING} while starting, as a Redis loading its data answers. */
    private static byte[] redis(Answer answer) {
        String reply = switch (answer) {
            case Answer.Starting starting -> "-LOADING the server is starting up; try again in "
                    + Math.max(1, starting.retryAfter().toSeconds()) + " s";
            case Answer.Failed failed -> "-ERR the server is not available: " + failed.reason();
            case Answer.Refused refused -> "-ERR the server is asleep, and this client may not wake it";
        };
        return (reply + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The first packet, in place of the server's handshake: an ERR packet (0xFF, the error number, the
     * message), as a MySQL or MariaDB server that turns a connection away before its handshake sends,
     * so the client prints {@code ERROR 1040 (...): message}.
     */
    private static byte[] mysql(Answer answer) {
        String message = switch (answer) {
            case Answer.Starting starting -> "The database server is starting up; try again in "
                    + Math.max(1, starting.retryAfter().toSeconds()) + " s";
            case Answer.Failed failed -> "The database server is not available: " + failed.reason();
            case Answer.Refused refused -> "The database server is asleep, and this client may not wake it";
        };
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer packet = ByteBuffer.allocate(4 + 3 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        int payload = 3 + text.length;
        packet.put((byte) payload).put((byte) (payload >> 8)).put((byte) (payload >> 16)).put((byte) 0);
        packet.put((byte) 0xFF).putShort((short) MYSQL_TOO_MANY_CONNECTIONS).put(text);
        return packet.array();
    }

    /** Reads and drops what the client still sends, until it closes or the drain time is over. */
    private static void drain(SocketChannel client, InputStream in) throws IOException {
        client.socket().setSoTimeout((int) DRAIN_TIMEOUT.toMillis());
        byte[] discard = new byte[4096];
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        try {
            while (in.read(discard) >= 0 && System.nanoTime() - deadline < 0) {
                // dropped: the client's request goes nowhere
            }
        } catch (SocketTimeoutException e) {
            // the client keeps its side open: it has had its time
        }
    }
}
