package dev.jipc.posixipc;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.internal.MappedMemory;
import dev.jipc.internal.Mman;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.ServiceThreads;
import dev.jipc.internal.Unistd;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * A named POSIX shared memory object ({@code shm_open}, {@code ftruncate}, {@code mmap}), mapped into
 * this process as a {@link MemorySegment}.
 *
 * <p><b>Why POSIX rather than SysV.</b> A {@link dev.jipc.sysv.SharedMemory SysV segment} is found by
 * a numeric key that programs must agree on (usually through {@code ftok}) and lives in a table of
 * its own; a POSIX object has a name, {@code "/myapp.state"}, and is a file in {@code /dev/shm}, so
 * {@code ls}, {@code rm}, permissions and {@code fstat} work as for any file. Its size is set with
 * {@code ftruncate} and can be read back by anyone who opens it. And removal follows file rules:
 * {@link #unlink} removes the name at once (a later {@link #open} fails with {@code ENOENT} and a new
 * object may take the name), while every process that has it open or mapped keeps using the same
 * memory until it closes; the kernel frees the pages when the last one does. So the pattern "create,
 * open everywhere, unlink" leaves nothing behind even if every process crashes.
 *
 * <p>{@link #memory()} maps the object once ({@code MAP_SHARED}) and hands out the mapped memory
 * itself: reads and writes go straight to the shared pages. Objects opened
 * {@link #openReadOnly read-only} are mapped with {@code PROT_READ} only and their segment is
 * read-only. Access to the memory is not synchronized between processes: pair it with a
 * {@link PosixSemaphore} or with atomic {@code VarHandle} operations on the segment.
 *
 * <p>{@link #close()} unmaps and closes the descriptor (idempotent); afterwards the segment handed out
 * throws {@link IllegalStateException} rather than touch unmapped memory. An object dropped without
 * closing has its descriptor closed once the garbage collector finds it unreachable, but its mapping
 * is left in place (a segment handed out may still be in use) until the process exits. Closing never removes the
 * object: it stays in {@code /dev/shm} until {@link #unlink}ed (or the machine reboots).
 *
 * <p>Failures are {@link ErrnoException}s naming the call and the object: {@code shm_open /x: ENOENT}
 * when opening a name that does not exist, {@code EEXIST} when {@link #create} finds one,
 * {@code EACCES} when its mode forbids access. Names that break the naming rule (see
 * {@link #create}) are refused with {@link IllegalArgumentException} before any system call.
 */
public final class PosixSharedMemory implements AutoCloseable {
    /** The mode of objects created without one: read and write for the owner only. */
    public static final int DEFAULT_MODE = 0600;

    private static final Cleaner CLEANER = Cleaner.create(
            r -> ServiceThreads.unstarted("jipc-posix-shm-cleaner", r));

    private final String name;
    private final long size;
    private final boolean readOnly;
    private final Resources resources;
    private final Cleaner.Cleanable cleanable;

    private PosixSharedMemory(String name, int fd, long size, boolean readOnly) {
        this.name = name;
        this.size = size;
        this.readOnly = readOnly;
        this.resources = new Resources(fd);
        this.cleanable = CLEANER.register(this, resources);
    }

    /**
     * The descriptor and the mapping, apart from their owner so that the cleaner can close the
     * descriptor of an owner dropped without {@link #close()}. Only an explicit close unmaps: a
     * segment handed out may still be in use after its owner became unreachable.
     */
    private static final class Resources implements Runnable {
        final int fd;
        MappedMemory mapping;
        boolean closed;
        boolean unmap;

        Resources(int fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void run() {
            if (closed) {
                return;
            }
            closed = true;
            if (mapping != null && unmap) {
                mapping.close();
            }
            Unistd.close(fd);
        }
    }

    /** Same as {@link #create(String, long, int)} with mode {@value #DEFAULT_MODE} (octal 0600). */
    public static PosixSharedMemory create(String name, long size) throws ErrnoException {
        return create(name, size, DEFAULT_MODE);
    }

    /**
     * Creates the object {@code name} ({@code O_CREAT | O_EXCL}) and sets its size to {@code size}
     * zero bytes ({@code ftruncate}).
     *
     * @param name {@code "/"} followed by 1 to 255 characters, no further {@code '/'}
     * @param size the size in bytes, {@code >= 0}
     * @param mode permission bits, as for a file (the umask applies)
     * @throws ErrnoException {@code EEXIST} if the name is taken
     * @throws IllegalArgumentException for a bad name or a negative size
     */
    public static PosixSharedMemory create(String name, long size, int mode) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return createWith(name, size, mode, c.O_CREAT() | c.O_EXCL());
    }

    /**
     * Opens {@code name} read-write if it exists, else creates it with {@code size} bytes and mode
     * {@code mode}. An existing object keeps its own size (see {@link #size()}).
     */
    public static PosixSharedMemory createOrOpen(String name, long size, int mode) throws ErrnoException {
        Names.check(name);
        checkSize(size);
        while (true) {
            try {
                return create(name, size, mode);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
            try {
                return open(name);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e; // else it was unlinked between the two calls: try creating again
                }
            }
        }
    }

    /** Same as {@link #createOrOpen(String, long, int)} with mode 0600. */
    public static PosixSharedMemory createOrOpen(String name, long size) throws ErrnoException {
        return createOrOpen(name, size, DEFAULT_MODE);
    }

    /** Opens the existing object {@code name} for reading and writing; {@code ENOENT} if there is none. */
    public static PosixSharedMemory open(String name) throws ErrnoException {
        return openWith(name, false);
    }

    /** Opens the existing object {@code name} for reading only; its {@link #memory()} is read-only. */
    public static PosixSharedMemory openReadOnly(String name) throws ErrnoException {
        return openWith(name, true);
    }

    private static PosixSharedMemory createWith(String name, long size, int mode, int extra) throws ErrnoException {
        Names.check(name);
        checkSize(size);
        PlatformConstants c = PlatformConstants.current();
        int fd = Mman.shmOpen(name, c.O_RDWR() | c.O_CLOEXEC() | extra, mode & 07777);
        if (fd < 0) {
            throw new ErrnoException(-fd, "shm_open", name);
        }
        int r = Mman.ftruncate(fd, size);
        if (r < 0) {
            Unistd.close(fd);
            Mman.shmUnlink(name);
            throw new ErrnoException(-r, "ftruncate", name);
        }
        return new PosixSharedMemory(name, fd, size, false);
    }

    private static PosixSharedMemory openWith(String name, boolean readOnly) throws ErrnoException {
        Names.check(name);
        PlatformConstants c = PlatformConstants.current();
        int fd = Mman.shmOpen(name, (readOnly ? c.O_RDONLY() : c.O_RDWR()) | c.O_CLOEXEC(), 0);
        if (fd < 0) {
            throw new ErrnoException(-fd, "shm_open", name);
        }
        long size = Mman.size(fd);
        if (size < 0) {
            Unistd.close(fd);
            throw new ErrnoException((int) -size, "lseek", name);
        }
        return new PosixSharedMemory(name, fd, size, readOnly);
    }

    private static void checkSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }

    /**
     * shm_unlink(3): removes the name; processes that have the object open or mapped keep it until
     * they close it. {@code ENOENT} if there is no such object (unlinking twice, say).
     */
    public static void unlink(String name) throws ErrnoException {
        int r = Mman.shmUnlink(Names.check(name));
        if (r < 0) {
            throw new ErrnoException(-r, "shm_unlink", name);
        }
    }

    /** The name it was created or opened with. */
    public String name() {
        return name;
    }

    /** Its size in bytes when this object was created or opened. */
    public long size() {
        return size;
    }

    /** Whether it was opened read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * The object mapped into memory ({@code mmap(MAP_SHARED)}, on the first call; the same segment
     * afterwards): {@link #size()} bytes shared with every other process that mapped it, read-only
     * if opened so.
     *
     * @throws ErrnoException {@code EINVAL} for an object of size 0, which cannot be mapped
     * @throws IllegalStateException after {@link #close()}
     */
    public MemorySegment memory() throws ErrnoException {
        Resources r = resources;
        synchronized (r) {
            if (r.closed) {
                throw new IllegalStateException(this + " is closed");
            }
            if (r.mapping == null) {
                int[] errno = new int[1];
                MappedMemory m = Mman.map(r.fd, size, readOnly, errno);
                if (m == null) {
                    throw new ErrnoException(-errno[0], "mmap", name);
                }
                r.mapping = m;
            }
            return r.mapping.memory();
        }
    }

    /** Unmaps the memory and closes the descriptor (idempotent); the object stays until unlinked. */
    @Override
    public void close() {
        synchronized (resources) {
            resources.unmap = true;
        }
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "PosixSharedMemory[" + name + ", " + size + " bytes" + (readOnly ? ", read-only" : "") + "]";
    }
}
