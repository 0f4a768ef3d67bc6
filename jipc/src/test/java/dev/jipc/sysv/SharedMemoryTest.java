package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedMemoryTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void removeAll() {
        cleanup.close();
    }

    private static ErrnoException errno(Errno expected, ThrowingRunnable r) {
        try {
            r.run();
        } catch (ErrnoException e) {
            assertThat(e.errno()).as(e.getMessage()).isEqualTo(expected);
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected " + expected + ", got " + e, e);
        }
        throw new AssertionError("expected " + expected + ", nothing thrown");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void perlipcWriteReadDelete() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 2000));
        byte[] message = "Message #1".getBytes(StandardCharsets.US_ASCII);
        shm.write(message, 0, 60);
        byte[] buff = shm.read(0, 60);
        assertThat(buff).hasSize(60);
        assertThat(new String(buff, 0, message.length, StandardCharsets.US_ASCII)).isEqualTo("Message #1");
        for (int i = message.length; i < 60; i++) {
            assertThat(buff[i]).as("zero padding at %d", i).isZero();
        }
        shm.close();
        shm.remove();
        errno(Errno.EINVAL, shm::stat);
    }

    @Test
    void shortWriteZeroPadsOverOldContentAndLongWriteIsCut() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 64));
        shm.write("XXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII), 0, 16);
        shm.write("ab".getBytes(StandardCharsets.US_ASCII), 0, 8);
        assertThat(new String(shm.read(0, 16), StandardCharsets.US_ASCII)).isEqualTo("ab\0\0\0\0\0\0XXXXXXXX");
        shm.write("0123456789".getBytes(StandardCharsets.US_ASCII), 20, 4);
        assertThat(new String(shm.read(20, 5), StandardCharsets.US_ASCII)).isEqualTo("0123\0");
    }

    @Test
    void theSegmentIsTheSharedMemoryItself() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 4096));
        try (SharedMemory other = SharedMemory.ofId(shm.id())) {
            MemorySegment mine = shm.memory();
            MemorySegment theirs = other.memory();
            assertThat(mine.byteSize()).isEqualTo(4096);
            assertThat(mine.address()).isNotEqualTo(theirs.address());
            mine.set(ValueLayout.JAVA_LONG, 8, 0x1122334455667788L);
            assertThat(theirs.get(ValueLayout.JAVA_LONG, 8)).isEqualTo(0x1122334455667788L);
            assertThat(shm.stat().attachments()).isEqualTo(2);
        }
        assertThat(shm.stat().attachments()).isEqualTo(1);
    }

    @Test
    void readOnlyAttachmentRefusesWrites() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 4096));
        shm.write(new byte[] {42}, 0, 1);
        MemorySegment ro = shm.memoryReadOnly();
        assertThat(ro.isReadOnly()).isTrue();
        assertThat(ro.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 42);
        assertThatThrownBy(() -> ro.set(ValueLayout.JAVA_BYTE, 0, (byte) 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeDetachesAndTheSegmentsStopWorking() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 4096));
        MemorySegment m = shm.memory();
        shm.close();
        shm.close();
        assertThatThrownBy(() -> m.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(shm.stat().attachments()).isZero();
    }

    @Test
    void statReportsSizeModeAndPids() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 10_000, 0640));
        shm.memory();
        SharedMemory.Stat st = shm.stat();
        assertThat(st.size()).isEqualTo(10_000);
        assertThat(shm.size()).isEqualTo(10_000);
        assertThat(st.permissions().mode()).isEqualTo(0640);
        assertThat(st.creatorPid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(st.lastPid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(st.attachments()).isEqualTo(1);
        assertThat(st.lastAttach()).isNotNull();
        assertThat(st.markedForRemoval()).isFalse();
        assertThat(cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 1)).stat().permissions().mode()).isEqualTo(0600);
    }

    @Test
    void removeWhileAttachedMarksTheSegmentAndKeepsItUsableUntilDetach() throws Exception {
        IpcKey key = Cleanup.uniqueKey();
        SharedMemory shm = cleanup.add(SharedMemory.createExclusive(key, 4096, 0600));
        shm.write("still here".getBytes(StandardCharsets.US_ASCII), 0, 10);
        shm.memory();
        shm.remove();

        SharedMemory.Stat st = shm.stat();
        assertThat(st.markedForRemoval()).isTrue();
        assertThat(SysvListing.sharedMemory()).anySatisfy(e -> {
            assertThat(e.id()).isEqualTo(shm.id());
            assertThat(e.key()).isEqualTo(IpcKey.PRIVATE);
        });
        errno(Errno.ENOENT, () -> SharedMemory.open(key));
        assertThat(new String(shm.read(0, 10), StandardCharsets.US_ASCII)).isEqualTo("still here");
        shm.write("and writable".getBytes(StandardCharsets.US_ASCII), 0, 12);

        shm.close();
        errno(Errno.EINVAL, shm::stat);
    }

    @Test
    void badInput() throws Exception {
        IpcKey key = Cleanup.uniqueKey();
        errno(Errno.ENOENT, () -> SharedMemory.open(key));
        SharedMemory shm = cleanup.add(SharedMemory.createExclusive(key, 100, 0600));
        ErrnoException e = errno(Errno.EEXIST, () -> SharedMemory.createExclusive(key, 100, 0600));
        assertThat(e.call()).isEqualTo("shmget");
        assertThat(e.getMessage()).contains(key.toString());
        assertThat(SharedMemory.open(key).id()).isEqualTo(shm.id());
        errno(Errno.EINVAL, () -> SharedMemory.create(key, 1_000_000));
        errno(Errno.EINVAL, () -> SharedMemory.create(IpcKey.PRIVATE, 0));
        // Not Files.readString: it reads sysctl files in pieces and gets only the first byte.
        long shmmax = Long.parseUnsignedLong(Files.readAllLines(Path.of("/proc/sys/kernel/shmmax")).getFirst().trim());
        if (shmmax != -1L) { // shmmax is unsigned; one more is still a valid size_t
            errno(Errno.EINVAL, () -> SharedMemory.create(IpcKey.PRIVATE, shmmax + 1));
        }
        errno(Errno.EFAULT, () -> shm.read(90, 11));
        errno(Errno.EFAULT, () -> shm.write(new byte[1], -1, 1));
        shm.close();
        shm.remove();
        errno(Errno.EINVAL, shm::remove);
    }

    @Test
    void allocationFreeCopiesMatchTheSegmentAtEverySize() throws Exception {
        int size = 1 << 20;
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, size));
        // Sizes on both sides of the point where the copy switches to glibc's memcpy.
        for (int length : new int[] {0, 1, 4095, 4096, 65536 + 3}) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 31 + length);
            }
            long at = 17;
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment in = arena.allocate(Math.max(length, 1)).asSlice(0, length);
                MemorySegment.copy(data, 0, in, ValueLayout.JAVA_BYTE, 0, length);
                shm.write(in, at);
                assertThat(shm.memory().asSlice(at, length).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);

                MemorySegment out = arena.allocate(Math.max(length, 1)).asSlice(0, length);
                shm.read(at, out);
                assertThat(out.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
            }
            byte[] into = new byte[length + 10];
            shm.read(at, into, 5, length);
            assertThat(java.util.Arrays.copyOfRange(into, 5, 5 + length)).isEqualTo(data);
            assertThat(into[4]).isZero();
            assertThat(into[5 + length]).isZero();
            shm.write(MemorySegment.ofArray(new byte[length]), at);
            assertThat(shm.read(at, length)).isEqualTo(new byte[length]);
        }
    }

    @Test
    void allocationFreeCopiesCheckBothRanges() throws Exception {
        SharedMemory shm = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 100));
        errno(Errno.EFAULT, () -> shm.read(90, new byte[20], 0, 11));
        errno(Errno.EFAULT, () -> shm.read(90, MemorySegment.ofArray(new byte[11])));
        errno(Errno.EFAULT, () -> shm.write(MemorySegment.ofArray(new byte[11]), 90));
        errno(Errno.EFAULT, () -> shm.read(-1, new byte[1], 0, 1));
        assertThatThrownBy(() -> shm.read(0, new byte[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> shm.write(MemorySegment.ofArray(new byte[8192]), 0))
                .isInstanceOf(ErrnoException.class);
        SharedMemory big = cleanup.add(SharedMemory.create(IpcKey.PRIVATE, 8192));
        MemorySegment ro = big.memoryReadOnly();
        assertThatThrownBy(() -> big.read(0, MemorySegment.ofArray(new byte[8192]).asReadOnly()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ro.byteSize()).isEqualTo(8192);
    }

    @Test
    void modeForbiddingAccessIsEacces() throws Exception {
        Assumptions.assumeFalse(ProcessHandle.current().info().user().orElse("").equals("root"),
                "root bypasses SysV permission checks, so EACCES cannot be provoked");
        IpcKey key = Cleanup.uniqueKey();
        cleanup.add(SharedMemory.createExclusive(key, 100, 0000));
        errno(Errno.EACCES, () -> SharedMemory.open(key));
    }
}
