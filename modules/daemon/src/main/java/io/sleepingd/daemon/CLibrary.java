package io.sleepingd.daemon;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library through the Foreign Function &amp; Memory API, for what the JDK has no API for:
 * {@link SystemdNotifier} (Unix datagrams) and {@link SystemdSockets} (a channel on a given
 * descriptor). Loaded on first use, so a daemon that systemd does not run never links anything.
 */
final class CLibrary {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO_CAPTURE = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private CLibrary() {
    }

    /** A downcall handle for the C function {@code name}. */
    static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(
                () -> new IllegalStateException("the C library has no " + name)), descriptor, options);
    }

    /** As {@link #bind}, for a function whose failure is told by {@code errno}: its handle takes the {@link #errno} segment first. */
    static MethodHandle bindWithErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = ERRNO_CAPTURE;
        System.arraycopy(options, 0, all, 1, options.length);
        return bind(name, descriptor, all);
    }

    /** Where a call bound {@link #bindWithErrno} leaves {@code errno}. */
    static MemorySegment errno(Arena arena) {
        return arena.allocate(CAPTURE_STATE);
    }

    /** {@code strerror(errno)}, as the call left it in {@code errno}. */
    static String error(MemorySegment errno) throws Throwable {
        int code = (int) ERRNO.get(errno, 0L);
        MemorySegment text = (MemorySegment) STRERROR.invokeExact(code);
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
