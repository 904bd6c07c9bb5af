package io.sleepingd.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link RunAs#currentUid}: the one place the daemon learns its uid. */
class CurrentUidTest {

    @Test
    void currentUidIsWhatIdSays() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor();

        assertEquals(Integer.parseInt(uid), RunAs.currentUid());
    }
}
