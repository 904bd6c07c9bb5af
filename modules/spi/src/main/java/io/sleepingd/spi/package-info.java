/**
 * How a backend is woken, checked, probed for idleness and put back to sleep.
 *
 * <p>Writing a provider: implement {@link io.sleepingd.spi.BackendProvider}, declare it in your
 * {@code module-info.java} with {@code provides io.sleepingd.spi.BackendProvider with your.Provider;},
 * and a service selects it with {@code PROVIDER=<name>}. The daemon calls
 * {@link io.sleepingd.spi.BackendProvider#open} once per service at start-up, then, from any thread:
 * {@link io.sleepingd.spi.Backend#check} and {@link io.sleepingd.spi.Backend#start} at most once at a
 * time (the daemon serialises wakes), {@link io.sleepingd.spi.Backend#isIdle} from the idle monitor, and
 * {@link io.sleepingd.spi.Backend#stop} once per sleep, and after a wake that failed once {@code start}
 * was called (unless it threw {@link io.sleepingd.spi.NothingStartedException}). Readiness (waiting until the backend accepts)
 * is the daemon's job, not the provider's: {@code start} returns as soon as it knows where to connect.
 * A provider with several members (a pool) may pick one per connection in
 * {@link io.sleepingd.spi.Backend#route}. Idle probes ({@link io.sleepingd.spi.IdleProbeProvider},
 * selected with {@code IDLE_PROBE=<name>}) work with any backend. A provider declares its own keys,
 * each a {@link io.sleepingd.spi.Key} with the type of its value, in {@code keys()}; the daemon parses
 * them before {@code open}, and the provider reads typed values with
 * {@link io.sleepingd.spi.ServiceSettings#get}. A
 * provider that runs processes runs them with {@link io.sleepingd.spi.CommandRunner}, which bounds
 * every one (timeout, output, standard error) and kills everything a command started when it times
 * out or its thread is interrupted.
 * {@code examples/plugin} is a complete provider in its own Maven module.
 */
package io.sleepingd.spi;
