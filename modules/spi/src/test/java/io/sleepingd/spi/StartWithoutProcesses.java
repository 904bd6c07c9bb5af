package io.sleepingd.spi;

/**
 * Run by {@link LocalShortageTest} in a JVM of its own, as a user that is not root: lowers its own
 * process limit ({@code RLIMIT_NPROC}) to 1 with prlimit, so that the next fork fails with EAGAIN, runs
 * a command and prints its outcome (see {@link StartWithoutDescriptors#outcome}).
 */
public final class StartWithoutProcesses {
    private StartWithoutProcesses() {
    }

    public static void main(String[] args) throws Exception {
        StartWithoutDescriptors.warmUp();
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--nproc=1:").inheritIO().start();
        if (prlimit.waitFor() != 0) {
            throw new IllegalStateException("prlimit exited with status " + prlimit.exitValue());
        }
        System.out.println(StartWithoutDescriptors.outcome());
        System.out.flush();
        Runtime.getRuntime().halt(0); // exiting normally would start threads, which the limit forbids
    }
}
