package dev.jipc.sysv;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.internal.Cstring;
import dev.jipc.internal.MappedMemory;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Shm;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Arrays;

/**
 * A SysV shared memory segment ({@code shmget}, {@code shmat}, {@code shmctl}) and this process's
 * attachments of it.
 *
 * <p>{@link #memory()} attaches the segment once and hands out the mapped memory itself as a
 * {@link MemorySegment}: reads and writes go straight to the shared pages, no copy, no system call.
 * {@link #read(long, int)} and {@link #write(byte[], long, int)} are Perl's {@code shmread} and {@code shmwrite} with their exact
 * semantics (a read returns exactly the bytes asked for; a short write is padded with zero bytes up
 * to the length), but where Perl attaches and detaches on every call these use the one attachment.
 * Loops that move many pieces use the allocation-free forms instead:
 * {@link #read(long, byte[], int, int)} into an array the caller reuses, and
 * {@link #read(long, MemorySegment)} / {@link #write(MemorySegment, long)}, which copy with glibc's
 * {@code memcpy} (for large pieces faster than {@link MemorySegment#copy} between native memory).
 *
 * <p>{@link #close()} detaches; afterwards the segments handed out throw
 * {@link IllegalStateException} rather than touch unmapped memory. Closing does not remove the
 * segment: it lives in the kernel until {@link #remove()}.
 *
 * <p><b>Removal while attached (Linux).</b> {@code IPC_RMID} on an attached segment only marks it:
 * its key becomes {@code IPC_PRIVATE} at once (so {@link #open} by key fails with {@code ENOENT} and
 * a new segment may take the key), {@link Stat#markedForRemoval()} turns true, and every existing
 * attachment keeps working. The memory is freed when the last process detaches; a later
 * {@link #stat()} then fails with {@code EINVAL}. Linux, unlike POSIX, even lets a process attach a
 * marked segment by id until then. A common pattern follows: create, attach in every process,
 * remove, and the kernel cleans up when the last user exits, even if it crashes.
 *
 * <p>Failures are {@link ErrnoException}s naming the call and the key or id:
 * {@code shmget key 0x000004d2: ENOENT}, {@code EEXIST} for an exclusive create of an existing key,
 * {@code EINVAL} for a size of 0 or above {@code shmmax} (or larger than an existing segment),
 * {@code EACCES} when the mode forbids access.
 */
public final class SharedMemory implements AutoCloseable {
    /** The mode of objects created without one: read and write for the owner only. */
    public static final int DEFAULT_MODE = 0600;

    private final int id;
    private final IpcKey key;
    private final long size;
    private MappedMemory readWrite;
    private MappedMemory readOnly;
    private boolean closed;
    /**
     * The read-write attachment's memory once attached, read without the lock: every
     * {@link #read}/{@link #write} fetches it, and a lock per 64 KiB copy cost a few percent of
     * the copy. After {@link #close()} it stays set; its arena is closed, so using it throws.
     */
    private volatile MemorySegment attached;

    private SharedMemory(int id, IpcKey key, long size) {
        this.id = id;
        this.key = key;
        this.size = size;
    }

    /**
     * Creates a segment of {@code size} bytes with mode 0600, or opens the existing one of this key.
     * The size is C's {@code size_t}: a negative value stands for a huge unsigned one.
     */
    public static SharedMemory create(IpcKey key, long size) throws ErrnoException {
        return create(key, size, DEFAULT_MODE);
    }

    /** Creates a segment of {@code size} bytes (zero-filled) with {@code mode}, or opens the existing one. */
    public static SharedMemory create(IpcKey key, long size, int mode) throws ErrnoException {
        return get(key, size, PlatformConstants.current().IPC_CREAT() | (mode & 0777));
    }

    /** Creates a segment, failing with {@code EEXIST} if one has this key already. */
    public static SharedMemory createExclusive(IpcKey key, long size, int mode) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return get(key, size, c.IPC_CREAT() | c.IPC_EXCL() | (mode & 0777));
    }

    /** Opens the existing segment of {@code key}; {@code ENOENT} if there is none. */
    public static SharedMemory open(IpcKey key) throws ErrnoException {
        return get(key, 0, 0);
    }

    /** The segment with this id (as printed by {@code ipcs} or passed by another program). */
    public static SharedMemory ofId(int id) throws ErrnoException {
        return new SharedMemory(id, null, statOf(id).size());
    }

    private static SharedMemory get(IpcKey key, long size, int flags) throws ErrnoException {
        int id = Shm.shmget(key.value(), size, flags);
        if (id < 0) {
            throw new ErrnoException(-id, "shmget", "key " + key);
        }
        return new SharedMemory(id, key, statOf(id).size());
    }

    /** The segment's id. */
    public int id() {
        return id;
    }

    /** The key it was created or opened with, or null if opened {@link #ofId by id}. */
    public IpcKey key() {
        return key;
    }

    /** The segment's size in bytes, as the kernel reports it. */
    public long size() {
        return size;
    }

    /**
     * The segment attached read-write (attached on the first call, the same memory afterwards):
     * {@link #size()} bytes shared with every other process that attached it.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public MemorySegment memory() throws ErrnoException {
        MemorySegment m = attached;
        return m != null ? m : attachReadWrite();
    }

    private synchronized MemorySegment attachReadWrite() throws ErrnoException {
        if (readWrite == null) {
            readWrite = attach(false);
            attached = readWrite.memory();
        }
        return readWrite.memory();
    }

    /** The segment attached read-only ({@code SHM_RDONLY}); writes to it throw. */
    public synchronized MemorySegment memoryReadOnly() throws ErrnoException {
        if (readOnly == null) {
            readOnly = attach(true);
        }
        return readOnly.memory();
    }

    private MappedMemory attach(boolean ro) throws ErrnoException {
        if (closed) {
            throw new IllegalStateException("shared memory id " + id + " is closed");
        }
        int[] errno = new int[1];
        MappedMemory a = Shm.attach(id, size, ro, errno);
        if (a == null) {
            throw new ErrnoException(-errno[0], "shmat", "id " + id);
        }
        return a;
    }

    /**
     * Perl's {@code shmread}: exactly {@code length} bytes from {@code offset}, zero bytes included
     * (Perl callers strip them with {@code substr($buff, index($buff, "\0")) = ""}).
     *
     * @throws ErrnoException {@code EFAULT} (as Perl sets {@code $!}) if the range leaves the segment
     */
    public byte[] read(long offset, int length) throws ErrnoException {
        byte[] out = new byte[Math.max(length, 0)];
        read(offset, out, 0, length);
        return out;
    }

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst} at {@code dstOffset}: the
     * allocation-free form of {@link #read(long, int)} for a loop that reuses one array.
     *
     * @throws ErrnoException {@code EFAULT} if the range leaves the segment
     * @throws IndexOutOfBoundsException if the range leaves {@code dst}
     */
    public void read(long offset, byte[] dst, int dstOffset, int length) throws ErrnoException {
        check("shmread", offset, length);
        Cstring.copy(memory(), offset, MemorySegment.ofArray(dst), dstOffset, length);
    }

    /**
     * Copies {@code dst.byteSize()} bytes from {@code offset} into {@code dst} (native memory or a
     * heap segment) with glibc's {@code memcpy}, which moves large pieces faster than
     * {@link MemorySegment#copy} between native segments.
     *
     * @throws ErrnoException {@code EFAULT} if the range leaves the segment
     */
    public void read(long offset, MemorySegment dst) throws ErrnoException {
        long length = dst.byteSize();
        check("shmread", offset, length);
        Cstring.copy(memory(), offset, dst, 0, length);
    }

    /**
     * Perl's {@code shmwrite}: writes {@code length} bytes at {@code offset}, the first of
     * {@code data} and, if {@code data} is shorter, zero bytes for the rest; longer data is cut at
     * {@code length}.
     *
     * @throws ErrnoException {@code EFAULT} if the range leaves the segment
     */
    public void write(byte[] data, long offset, int length) throws ErrnoException {
        check("shmwrite", offset, length);
        MemorySegment m = memory();
        int n = Math.min(data.length, length);
        Cstring.copy(MemorySegment.ofArray(data), 0, m, offset, n);
        if (n < length) {
            m.asSlice(offset + n, length - n).fill((byte) 0);
        }
    }

    /**
     * Copies all of {@code src} (native memory or a heap segment) into the segment at {@code offset}
     * with glibc's {@code memcpy} (see {@link #read(long, MemorySegment)}).
     *
     * @throws ErrnoException {@code EFAULT} if the range leaves the segment
     */
    public void write(MemorySegment src, long offset) throws ErrnoException {
        long length = src.byteSize();
        check("shmwrite", offset, length);
        Cstring.copy(src, 0, memory(), offset, length);
    }

    private void check(String call, long offset, long length) throws ErrnoException {
        if (offset < 0 || length < 0 || length > size - offset) {
            throw new ErrnoException(Errno.EFAULT, call, "id " + id,
                    "offset " + offset + " + length " + length + " is outside the segment's " + size + " bytes");
        }
    }

    /**
     * What the kernel knows of the segment.
     *
     * @param permissions owner and mode
     * @param size size in bytes
     * @param creatorPid the process that created it
     * @param lastPid the process that last attached or detached it
     * @param attachments how many attachments exist, over all processes
     * @param lastAttach when it was last attached, or null if never
     * @param lastDetach when it was last detached, or null if never
     * @param lastChange when it was created or its permissions last changed
     * @param markedForRemoval whether {@code IPC_RMID} was done while attached ({@code SHM_DEST})
     */
    public record Stat(IpcPermissions permissions, long size, int creatorPid, int lastPid, long attachments,
                       Instant lastAttach, Instant lastDetach, Instant lastChange, boolean markedForRemoval) {}

    /** shmctl(IPC_STAT). {@code EINVAL} once the segment is gone. */
    public Stat stat() throws ErrnoException {
        return statOf(id);
    }

    private static Stat statOf(int id) throws ErrnoException {
        int[] errno = new int[1];
        Shm.Stat s = Shm.stat(id, errno);
        if (s == null) {
            throw new ErrnoException(-errno[0], "shmctl IPC_STAT", "id " + id);
        }
        return new Stat(IpcPermissions.of(s.perm()), s.size(), s.cpid(), s.lpid(), s.nattch(), time(s.atime()),
                time(s.dtime()), time(s.ctime()), (s.perm().mode() & PlatformConstants.current().SHM_DEST()) != 0);
    }

    static Instant time(long seconds) {
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /**
     * shmctl(IPC_RMID): removes the segment, at once if nobody is attached, else when the last
     * attachment goes (see the class comment). Removing twice fails with {@code EINVAL} or
     * {@code EIDRM}.
     */
    public void remove() throws ErrnoException {
        int r = Shm.shmctl(id, PlatformConstants.current().IPC_RMID());
        if (r < 0) {
            throw new ErrnoException(-r, "shmctl IPC_RMID", "id " + id);
        }
    }

    /** Detaches this object's attachments (idempotent); the segment itself stays until removed. */
    @Override
    public synchronized void close() {
        closed = true;
        for (MappedMemory a : Arrays.asList(readWrite, readOnly)) {
            if (a != null) {
                a.close();
            }
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[id " + id + (key == null ? "" : ", key " + key) + ", " + size + " bytes]";
    }
}
