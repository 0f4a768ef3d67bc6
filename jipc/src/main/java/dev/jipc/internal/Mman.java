package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Bindings of {@code <sys/mman.h>} (shm_open, shm_unlink, mmap, munmap) plus the two calls of
 * {@code <unistd.h>} a shared memory object needs (ftruncate, lseek); results as in {@link Unistd}.
 * In glibc 2.34 and later these live in libc itself (librt was merged into it).
 */
public final class Mman {
    private Mman() {}

    private static final MethodHandle shm_open =
            Native.errnoCall("shm_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle shm_unlink =
            Native.errnoCall("shm_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle mmap = Native.errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle munmap =
            Native.errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle ftruncate =
            Native.errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle lseek =
            Native.errnoCall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));

    /** shm_open(3): a descriptor, or {@code -errno}. */
    public static int shmOpen(String name, int flags, int mode) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) shm_open.invokeExact(st, arena.allocateFrom(name), flags, mode);
            return r >= 0 ? r : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** shm_unlink(3): 0 or {@code -errno}. */
    public static int shmUnlink(String name) {
        MemorySegment st = Native.callState();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) shm_unlink.invokeExact(st, arena.allocateFrom(name));
            return r == 0 ? 0 : -Native.errno(st);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    /** ftruncate(2): 0 or {@code -errno}. */
    public static int ftruncate(int fd, long length) {
        return Native.once(st -> (int) ftruncate.invokeExact(st, fd, length));
    }

    /** The size of the object behind {@code fd} ({@code lseek(fd, 0, SEEK_END)}), or {@code -errno}. */
    public static long size(int fd) {
        return Native.onceLong(st -> (long) lseek.invokeExact(st, fd, 0L, PlatformConstants.current().SEEK_END()));
    }

    /**
     * mmap(2) of {@code size} bytes of {@code fd} from offset 0, shared; {@code errno} receives
     * {@code -errno} and the result is null on failure.
     */
    @SuppressWarnings("restricted") // the kernel mapped exactly size bytes at this address
    public static MappedMemory map(int fd, long size, boolean readOnly, int[] errno) {
        PlatformConstants c = PlatformConstants.current();
        MemorySegment st = Native.callState();
        int prot = readOnly ? c.PROT_READ() : c.PROT_READ() | c.PROT_WRITE();
        try {
            MemorySegment at = (MemorySegment) mmap.invokeExact(st, MemorySegment.NULL, size, prot, c.MAP_SHARED(), fd, 0L);
            if (at.address() == -1L) { // MAP_FAILED
                errno[0] = -Native.errno(st);
                return null;
            }
            Arena arena = Arena.ofShared();
            MemorySegment memory = at.reinterpret(size, arena, m -> unmap(m, size));
            return new MappedMemory(arena, readOnly ? memory.asReadOnly() : memory);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }

    private static void unmap(MemorySegment at, long size) {
        try {
            int ignored = (int) munmap.invokeExact(Native.callState(), at, size);
        } catch (Throwable t) {
            throw Native.fail(t);
        }
    }
}
