package dev.jipc.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Memory the kernel mapped into this process (a SysV {@code shmat} attachment or a POSIX
 * {@code mmap}), seen as a segment whose lifetime is a shared arena. Closing the arena runs the
 * unmapping call given when the segment was made, after which every access to the segment throws
 * {@link IllegalStateException} instead of touching unmapped memory.
 */
public final class MappedMemory implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment memory;

    MappedMemory(Arena arena, MemorySegment memory) {
        this.arena = arena;
        this.memory = memory;
    }

    /** The mapped memory, read-only if mapped so. */
    public MemorySegment memory() {
        return memory;
    }

    /** Unmaps; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
