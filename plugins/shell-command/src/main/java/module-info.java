/**
 * The original sleepingd's way of waking a backend: the service's CHECK_CMD, START_CMD, IDLE_CMD
 * and STOP_CMD, run through {@code /bin/sh -c}. Selected with {@code PROVIDER=shell} (the default).
 */
module io.sleepingd.shell {
    requires io.sleepingd.spi;
    requires org.slf4j;

    provides io.sleepingd.spi.BackendProvider with io.sleepingd.shell.ShellCommandProvider;
}
