/**
 * An idle probe for machines people log into: idle when {@code who} over SSH reports nobody.
 * Selected with {@code IDLE_PROBE=ssh-who}, by any service whatever its provider.
 */
module io.sleepingd.sshwho {
    requires io.sleepingd.spi;
    requires org.slf4j;

    provides io.sleepingd.spi.IdleProbeProvider with io.sleepingd.sshwho.SshWhoProvider;
}
