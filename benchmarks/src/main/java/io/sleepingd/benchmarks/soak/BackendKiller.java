package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * SIGKILLs the backend of one service at random intervals, preferably while an honest transfer through
 * it is under way. The backend's pid is in the pid file its START_CMD (soak-backend.sh) writes.
 */
final class BackendKiller implements Runnable {
    private final Path pidFile;
    private final Settings.Kills settings;
    private final AtomicInteger inFlight;
    private final SoakClock clock;
    final LongAdder kills = new LongAdder();
    final LongAdder killsInFlight = new LongAdder();
    final LongAdder nothingToKill = new LongAdder();

    BackendKiller(Path pidFile, Settings.Kills settings, AtomicInteger inFlight, SoakClock clock) {
        this.pidFile = pidFile;
        this.settings = settings;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    @Override
    public void run() {
        SplittableRandom random = new SplittableRandom();
        while (clock.sleepDuringLoad(random.nextInt(settings.minSeconds() * 1000, settings.maxSeconds() * 1000 + 1))) {
            for (int i = 0; i < 100 && inFlight.get() == 0 && clock.loadRunning(); i++) {
                clock.sleepDuringLoad(20);
            }
            if (!clock.loadRunning()) {
                return;
            }
            boolean duringTransfer = inFlight.get() > 0;
            Optional<ProcessHandle> backend = backend();
            if (backend.isPresent() && backend.get().destroyForcibly()) {
                kills.increment();
                if (duringTransfer) {
                    killsInFlight.increment();
                }
            } else {
                nothingToKill.increment(); // between a kill and the next wake
            }
        }
    }

    private Optional<ProcessHandle> backend() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(process -> isRunning(pid));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie: killed backends stay zombies here, when no init reaps them. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
