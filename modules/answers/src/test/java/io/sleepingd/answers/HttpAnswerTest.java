package io.sleepingd.answers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP answer's form: what a browser gets, what HEAD gets. (The answers' effect on real clients: ProtocolAnswersIT.) */
class HttpAnswerTest {
    private static String answer(String head, Answer answer) {
        return new String(NativeAnswer.http(head, answer), StandardCharsets.UTF_8);
    }

    @Test
    void aBrowserGetsAPageThatReloadsItself() {
        String reply = answer("GET / HTTP/1.1\r\nHost: x\r\nACCEPT: text/html\r\n\r\n", new Answer.Starting(Duration.ofSeconds(7)));

        assertTrue(reply.contains("\r\nContent-Type: text/html; charset=utf-8\r\n"), reply);
        assertTrue(reply.contains("<meta http-equiv=\"refresh\" content=\"7\">"), reply);
    }

    @Test
    void headGetsTheHeadersWithoutTheBody() {
        String reply = answer("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", new Answer.Failed("it failed to start"));

        assertTrue(reply.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), reply);
        assertTrue(reply.endsWith("\r\n\r\n"), "no body: " + reply);
        assertTrue(reply.contains("\r\nConnection: close\r\n"), reply);
    }
}
