import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

/**
 * The demo's sleeping backend, run from source by START_CMD ({@code java DemoBackend.java PORT}):
 * a tiny HTTP server on 127.0.0.1 that answers every request with the time it was served.
 */
public class DemoBackend {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            System.out.println("DemoBackend listening on 127.0.0.1:" + port);
            while (true) {
                try (Socket client = server.accept()) {
                    client.getInputStream().read(new byte[8192]); // the request line is enough
                    String body = "Response from " + port + ": " + ZonedDateTime.now() + "\n";
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
