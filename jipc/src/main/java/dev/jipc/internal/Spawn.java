package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <spawn.h>}, plus {@code sigemptyset}/{@code sigfillset} of {@code <signal.h>}
 * that build its signal sets.
 *
 * <p>Unlike most calls, the {@code posix_spawn*} functions return the error number itself instead of
 * setting errno; these methods return it negated, so every binding here reads like the others:
 * {@code 0} or {@code -errno}. The attribute and file-action objects are opaque blocks of
 * {@link PlatformConstants#SIZEOF_POSIX_SPAWNATTR_T()} and
 * {@link PlatformConstants#SIZEOF_POSIX_SPAWN_FILE_ACTIONS_T()} bytes that the caller allocates.
 *
 * <p>glibc's {@code posix_spawn} runs the child with {@code CLONE_VM | CLONE_VFORK} and reports a
 * failed file action or {@code execve} as its result: an exec error comes back from this call, not
 * as a child that exits with 127.
 */
public final class Spawn {
    private Spawn() {}

    private static final FunctionDescriptor ONE_POINTER = FunctionDescriptor.of(JAVA_INT, ADDRESS);

    private static final MethodHandle posix_spawn = Native.plainCall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle posix_spawn_file_actions_init =
            Native.plainCall("posix_spawn_file_actions_init", ONE_POINTER);
    private static final MethodHandle posix_spawn_file_actions_destroy =
            Native.plainCall("posix_spawn_file_actions_destroy", ONE_POINTER);
    private static final MethodHandle posix_spawn_file_actions_adddup2 = Native.plainCall(
            "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle posix_spawn_file_actions_addclose = Native.plainCall(
            "posix_spawn_file_actions_addclose", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle posix_spawn_file_actions_addopen = Native.plainCall(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle posix_spawn_file_actions_addchdir_np = Native.plainCall(
            "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle posix_spawnattr_init = Native.plainCall("posix_spawnattr_init", ONE_POINTER);
    private static final MethodHandle posix_spawnattr_destroy =
            Native.plainCall("posix_spawnattr_destroy", ONE_POINTER);
    private static final MethodHandle posix_spawnattr_setflags = Native.plainCall(
            "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle posix_spawnattr_setsigmask = Native.plainCall(
            "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle posix_spawnattr_setsigdefault = Native.plainCall(
            "posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle posix_spawnattr_setpgroup = Native.plainCall(
            "posix_spawnattr_setpgroup", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle sigemptyset = Native.errnoCall("sigemptyset", ONE_POINTER);
    private static final MethodHandle sigfillset = Native.errnoCall("sigfillset", ONE_POINTER);

    private static int neg(int r) {
        return r == 0 ? 0 : -r;
    }

    /**
     * posix_spawn(3): starts {@code path} with NULL-terminated {@code argv} and {@code envp}; the
     * child's pid is stored in {@code pid} (an int). Returns 0 or {@code -errno} of the step that
     * failed (a file action or the exec).
     */
    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions,
            MemorySegment attr, MemorySegment argv, MemorySegment envp) {
        try {
            return neg((int) posix_spawn.invokeExact(pid, path, fileActions, attr, argv, envp));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_init(3). */
    public static int posixSpawnFileActionsInit(MemorySegment actions) {
        try {
            return neg((int) posix_spawn_file_actions_init.invokeExact(actions));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_destroy(3). */
    public static int posixSpawnFileActionsDestroy(MemorySegment actions) {
        try {
            return neg((int) posix_spawn_file_actions_destroy.invokeExact(actions));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_adddup2(3): in the child, {@code dup2(fd, newfd)} (which clears close-on-exec). */
    public static int posixSpawnFileActionsAdddup2(MemorySegment actions, int fd, int newfd) {
        try {
            return neg((int) posix_spawn_file_actions_adddup2.invokeExact(actions, fd, newfd));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    private static final MethodHandle posix_spawn_file_actions_addclosefrom_np =
            Native.hasSymbol("posix_spawn_file_actions_addclosefrom_np")
                    ? Native.plainCall("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT))
                    : null;

    /** Whether glibc has {@code posix_spawn_file_actions_addclosefrom_np} (2.34+). */
    public static boolean hasAddclosefromNp() {
        return posix_spawn_file_actions_addclosefrom_np != null;
    }

    /** posix_spawn_file_actions_addclosefrom_np(3): close every descriptor from {@code from} up in the child. */
    public static int posixSpawnFileActionsAddclosefromNp(MemorySegment actions, int from) {
        try {
            return neg((int) posix_spawn_file_actions_addclosefrom_np.invokeExact(actions, from));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_addclose(3). */
    public static int posixSpawnFileActionsAddclose(MemorySegment actions, int fd) {
        try {
            return neg((int) posix_spawn_file_actions_addclose.invokeExact(actions, fd));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_addopen(3); glibc copies {@code path}. */
    public static int posixSpawnFileActionsAddopen(MemorySegment actions, int fd, MemorySegment path, int flags,
            int mode) {
        try {
            return neg((int) posix_spawn_file_actions_addopen.invokeExact(actions, fd, path, flags, mode));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawn_file_actions_addchdir_np(3) (glibc 2.29+); glibc copies {@code path}. */
    public static int posixSpawnFileActionsAddchdirNp(MemorySegment actions, MemorySegment path) {
        try {
            return neg((int) posix_spawn_file_actions_addchdir_np.invokeExact(actions, path));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_init(3). */
    public static int posixSpawnattrInit(MemorySegment attr) {
        try {
            return neg((int) posix_spawnattr_init.invokeExact(attr));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_destroy(3). */
    public static int posixSpawnattrDestroy(MemorySegment attr) {
        try {
            return neg((int) posix_spawnattr_destroy.invokeExact(attr));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_setflags(3): the POSIX_SPAWN_* flags, a C {@code short}. */
    public static int posixSpawnattrSetflags(MemorySegment attr, int flags) {
        try {
            return neg((int) posix_spawnattr_setflags.invokeExact(attr, (short) flags));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_setsigmask(3): the child's signal mask (with POSIX_SPAWN_SETSIGMASK). */
    public static int posixSpawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        try {
            return neg((int) posix_spawnattr_setsigmask.invokeExact(attr, sigset));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_setsigdefault(3): signals reset to SIG_DFL in the child (with POSIX_SPAWN_SETSIGDEF). */
    public static int posixSpawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        try {
            return neg((int) posix_spawnattr_setsigdefault.invokeExact(attr, sigset));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** posix_spawnattr_setpgroup(3): 0 makes the child the leader of a new group (with POSIX_SPAWN_SETPGROUP). */
    public static int posixSpawnattrSetpgroup(MemorySegment attr, int pgroup) {
        try {
            return neg((int) posix_spawnattr_setpgroup.invokeExact(attr, pgroup));
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** sigemptyset(3) on a {@code sigset_t} of {@link PlatformConstants#SIZEOF_SIGSET_T()} bytes. */
    public static int sigemptyset(MemorySegment set) {
        return Native.once(st -> (int) sigemptyset.invokeExact(st, set));
    }

    /** sigfillset(3): every signal except glibc's internal ones. */
    public static int sigfillset(MemorySegment set) {
        return Native.once(st -> (int) sigfillset.invokeExact(st, set));
    }
}
