package io.sleepingd.hooks;

import static io.sleepingd.logging.JsonText.quote;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceEvent;
import io.sleepingd.logging.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code ON_EVENT_URL}: each event POSTed as a JSON object, with a timeout, retried a few
 * times when the receiver fails or cannot be reached, then given up with a warning. Runs on its
 * hook's thread ({@link EventHooks}), never on the wake's.
 */
final class Webhook {
    private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    private final HttpClient http;
    private final ServiceConfig service;
    private final URI url;

    Webhook(HttpClient http, ServiceConfig service, URI url) {
        this.http = http;
        this.service = service;
        this.url = url;
    }

    void post(ServiceEvent event) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(event))).build();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP status " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the daemon is stopping
                return;
            }
            if (attempt == ATTEMPTS) {
                LOG.warn("service '{}': ON_EVENT_URL {} for '{}' failed {} times, the last with {}; given up",
                        service.name(), url, event.type().written(), ATTEMPTS, failure);
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2);
        }
    }

    /** {@code {"event":"awake","service":"web","port":10080,"time":"...","reason":"...","durationMs":12,"client":"..."}} */
    String json(ServiceEvent event) {
        StringBuilder json = new StringBuilder("{\"event\":").append(quote(event.type().written()))
                .append(",\"service\":").append(quote(event.service()))
                .append(",\"port\":").append(service.port())
                .append(",\"time\":").append(quote(event.time().toString()))
                .append(",\"reason\":").append(quote(event.reason()));
        event.duration().ifPresent(duration -> json.append(",\"durationMs\":").append(duration.toMillis()));
        event.client().ifPresent(client -> json.append(",\"client\":").append(quote(HostPort.of(client))));
        return json.append('}').toString();
    }
}
