package io.sleepingd.wol;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One machine woken by Wake-on-LAN. Immutable; its methods run on the wake's and the idle monitor's
 * threads, each with its own sockets.
 */
final class WakeOnLanBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(WakeOnLanBackend.class);
    /** How long CHECK waits for BACKEND to accept: a machine that is up answers at once. */
    private static final Duration CHECK_CONNECT = Duration.ofSeconds(1);
    /** The packet goes out this many times, a little apart: it is UDP, and one may be lost. */
    private static final int SENDS = 3;
    private static final Duration BETWEEN_SENDS = Duration.ofMillis(100);
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final ServiceSettings settings;
    private final MagicPacket packet;
    private final InetSocketAddress sendTo;
    private final Endpoint backend;

    WakeOnLanBackend(ServiceSettings settings, MagicPacket packet, InetSocketAddress sendTo, Endpoint backend) {
        this.settings = settings;
        this.packet = packet;
        this.sendTo = sendTo;
        this.backend = backend;
    }

    /** Running when BACKEND accepts a connection now: the machine is up. */
    @Override
    public CheckResult check(Trigger trigger) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(backend.host(), backend.port()), (int) CHECK_CONNECT.toMillis());
            return new CheckResult.Running(Optional.of(backend));
        } catch (IOException e) {
            return new CheckResult.NotRunning();
        }
    }

    /** Sends the magic packet; the daemon then waits for BACKEND to accept. */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            for (int send = 0; send < SENDS; send++) {
                if (send > 0) {
                    Thread.sleep(BETWEEN_SENDS);
                }
                channel.send(ByteBuffer.wrap(packet.bytes()), sendTo);
            }
        } catch (IOException e) {
            throw new BackendException("could not send the magic packet for " + packet + " to "
                    + sendTo.getAddress().getHostAddress() + ":" + sendTo.getPort() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while sending the magic packet", e);
        }
        LOG.info("service '{}': magic packet for {} sent to {}:{}; waiting for {} to accept", settings.name(), packet,
                sendTo.getAddress().getHostAddress(), sendTo.getPort(), backend);
        return backend;
    }

    /** Runs STOP_CMD as the service's USER; without one, the machine stays up. */
    @Override
    public void stop() throws BackendException {
        // unset, or the original's default `false`: nothing to run (a blank value is an unset key)
        Optional<String> command = settings.get(Key.STOP_CMD).filter(text -> !text.strip().equals("false"));
        if (command.isEmpty()) {
            LOG.info("service '{}': no STOP_CMD: the machine stays up", settings.name());
            return;
        }
        Duration timeout = settings.get(Key.STOP_CMD_TIMEOUT).filter(t -> !t.isZero()).orElse(DEFAULT_STOP_TIMEOUT);
        CommandResult result = CommandRunner.run(Command.shell("STOP_CMD", command.get(), timeout,
                line -> LOG.info("service '{}': STOP_CMD says: {}", settings.name(), line)).withRunAs(settings.runAs()));
        if (result.exitStatus() != 0) {
            throw new BackendException("STOP_CMD exited with status " + result.exitStatus());
        }
    }

    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put("WOL_MAC", packet.toString());
        inUse.put("WOL_ADDRESS", sendTo.getAddress().getHostAddress() + ":" + sendTo.getPort());
        inUse.put("BACKEND", backend.toString());
        inUse.put("STOP_CMD", settings.get(Key.STOP_CMD).orElse(""));
        return inUse;
    }
}
