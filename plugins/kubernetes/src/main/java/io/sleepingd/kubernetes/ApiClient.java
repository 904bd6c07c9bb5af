package io.sleepingd.kubernetes;

import io.sleepingd.spi.BackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The two requests the provider makes of the API server, GET and a JSON merge PATCH, over the JDK's
 * HTTP client: each bounded by the timeout, interruptible (the daemon interrupts a wake at
 * {@code WAKE_TIMEOUT}), and failing with the HTTP status and the Kubernetes Status message
 * ({@code deployments.apps "web" not found}) along with what was being done.
 */
final class ApiClient {
    private final ApiServer server;
    private final Duration timeout;
    private final HttpClient http;

    ApiClient(ApiServer server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                // HTTP/1.1: no h2c upgrade dance with a plain-http test server; one request at a time anyway
                .version(HttpClient.Version.HTTP_1_1);
        server.tls().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** {@code GET path}, its JSON answer parsed; {@code doing} says what for, in errors ("reading deployments.apps \"web\""). */
    Object get(String path, String doing) throws BackendException {
        return send(request(path, doing).GET(), doing);
    }

    /** {@code PATCH path} with a JSON merge patch, as {@code kubectl scale} sends. */
    Object mergePatch(String path, String patch, String doing) throws BackendException {
        return send(request(path, doing).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch, StandardCharsets.UTF_8)), doing);
    }

    private HttpRequest.Builder request(String path, String doing) throws BackendException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(timeout)
                .header("Accept", "application/json");
        Optional<String> token;
        try {
            token = server.token().read();
        } catch (IOException e) {
            throw new BackendException(doing + " failed: cannot read the token of " + server.origin() + ": " + e);
        }
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return request;
    }

    private Object send(HttpRequest.Builder request, String doing) throws BackendException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new BackendException(doing + " failed: the Kubernetes API server at " + server.url()
                    + " did not answer within " + timeout.toSeconds() + " s (K8S_TIMEOUT)");
        } catch (IOException e) {
            throw new BackendException(doing + " failed: cannot reach the Kubernetes API server at " + server.url()
                    + " (from " + server.origin() + "): " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while " + doing, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new ApiException(doing + " failed: the API server answered HTTP " + status + message(response.body()),
                    status);
        }
        try {
            return Json.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new BackendException(doing + ": the API server's answer is " + e.getMessage());
        }
    }

    /** The Kubernetes Status's message, when the body is one; the body's start otherwise. */
    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return " (with no message)";
        }
        try {
            Object status = Json.parse(body);
            Optional<String> message = Json.string(status, "message");
            if (message.isPresent()) {
                return ": " + message.get();
            }
        } catch (IllegalArgumentException e) {
            // not JSON: a proxy's page, say
        }
        String line = body.strip().lines().findFirst().orElse("");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    private static String describe(IOException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause().getMessage() != null && !text.contains(e.getCause().getMessage())
                ? text + ": " + e.getCause().getMessage() : text;
    }
}
