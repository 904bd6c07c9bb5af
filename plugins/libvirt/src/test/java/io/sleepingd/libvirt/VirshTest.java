package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** virsh's error, as the log and status show it. */
class VirshTest {

    @Test
    void virshsErrorLinesBecomeOneLine() {
        assertEquals("error: Failed to start domain 'web' / error: Cannot access storage file '/x.qcow2'",
                Virsh.firstLines("error: Failed to start domain 'web'\nerror: Cannot access storage file '/x.qcow2'\n\n"));
    }

    @Test
    void aFailureNamesTheCommandItsExitStatusAndWhatVirshSaid() {
        assertEquals("'virsh start nosuch' failed (exit status 1): error: failed to get domain 'nosuch'",
                new Virsh.Result("virsh start nosuch", 1, "", "error: failed to get domain 'nosuch'").failure());
    }
}
