package io.sleepingd.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint on {@code ADMIN_ADDRESS}, off unless configured: {@code GET /metrics}
 * (Prometheus), {@code /healthz} (200, or 503 with the reason) and {@code /status} (JSON, as
 * {@code sleepingd status --json}). Read-only: nothing it serves changes the daemon, so a scraper
 * can never wake or stop a backend.
 *
 * <p>Built on the JDK's {@code jdk.httpserver}; each request runs on a virtual thread of its own and
 * reads the daemon only through its {@link AdminView}.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService threads;

    private AdminServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Binds {@code address} and serves; an address that cannot be bound fails here, naming it. */
    public static AdminServer start(InetSocketAddress address, AdminView view) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot listen on ADMIN_ADDRESS " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("admin-", 0).factory());
        server.setExecutor(threads);
        server.createContext("/metrics", exchange -> answer(exchange, () -> new Answer(200, MetricsText.CONTENT_TYPE,
                MetricsText.render(view.statuses(), view.version()))));
        server.createContext("/healthz", exchange -> answer(exchange, () -> {
            Optional<String> unhealthy = view.unhealthy();
            return new Answer(unhealthy.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                    unhealthy.map(reason -> "unhealthy: " + reason).orElse("ok") + "\n");
        }));
        server.createContext("/status", exchange -> answer(exchange, () -> new Answer(200,
                "application/json; charset=utf-8", StatusJson.render(view.statuses(), Map.of(), Instant.now()) + "\n")));
        server.start();
        return new AdminServer(server, threads);
    }

    /** Where it listens: the port chosen when ADMIN_ADDRESS asked for port 0. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** GET and HEAD only, on the exact path; everything else is 404 or 405. */
    private static void answer(HttpExchange exchange, Supplier<Answer> responder) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Answer answer;
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                answer = new Answer(404, "text/plain; charset=utf-8", "not found\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                answer = new Answer(405, "text/plain; charset=utf-8", "method not allowed\n");
            } else {
                try {
                    answer = responder.get();
                } catch (RuntimeException e) {
                    LOG.error("admin endpoint: internal error answering {}", exchange.getRequestURI(), e);
                    answer = new Answer(500, "text/plain; charset=utf-8", "internal error; see the daemon's log\n");
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Stops listening; a request being answered gets a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
