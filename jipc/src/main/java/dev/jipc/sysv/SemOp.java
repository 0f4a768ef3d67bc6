package dev.jipc.sysv;

/**
 * One operation of a {@link SemaphoreSet#op semop} call (C's {@code struct sembuf}).
 *
 * <p>A positive {@code delta} adds to the semaphore; a negative one waits until it can subtract
 * without going below zero; a zero {@code delta} waits until the semaphore is zero. perlipc's
 * "take" is {@code op(waitZero(0), add(0, 1))}, its "give" {@code op(add(0, -1))}.
 *
 * @param semaphore index of the semaphore in the set (C's {@code sem_num})
 * @param delta the change, -32768 to 32767 (C's {@code sem_op})
 * @param noWait fail at once instead of waiting ({@code IPC_NOWAIT})
 * @param undo have the kernel revert this change when the process exits ({@code SEM_UNDO})
 */
public record SemOp(int semaphore, int delta, boolean noWait, boolean undo) {
    /** Checks the fields fit {@code struct sembuf}. */
    public SemOp {
        if (semaphore < 0 || semaphore > 0xffff) {
            throw new IllegalArgumentException("semaphore index out of range: " + semaphore);
        }
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            throw new IllegalArgumentException("semaphore delta out of range: " + delta);
        }
    }

    /** Adds {@code delta} (negative: waits until it can subtract). */
    public static SemOp add(int semaphore, int delta) {
        return new SemOp(semaphore, delta, false, false);
    }

    /** Waits until the semaphore is zero. */
    public static SemOp waitZero(int semaphore) {
        return new SemOp(semaphore, 0, false, false);
    }

    /** This operation with {@code IPC_NOWAIT}. */
    public SemOp withNoWait() {
        return new SemOp(semaphore, delta, true, undo);
    }

    /** This operation with {@code SEM_UNDO}. */
    public SemOp withUndo() {
        return new SemOp(semaphore, delta, noWait, true);
    }
}
