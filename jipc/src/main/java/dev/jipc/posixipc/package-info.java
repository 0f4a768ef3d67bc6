/**
 * POSIX interprocess communication: named shared memory
 * ({@link dev.jipc.posixipc.PosixSharedMemory}), named semaphores
 * ({@link dev.jipc.posixipc.PosixSemaphore}) and message queues
 * ({@link dev.jipc.posixipc.PosixMessageQueue}), compatible with C programs using
 * {@code shm_open}, {@code sem_open} and {@code mq_open} on the same names.
 *
 * <p>These are what modern C programs use where older ones use {@link dev.jipc.sysv SysV IPC}:
 * objects are found by a name ({@code "/myapp.jobs"}) instead of a numeric key, live as files
 * ({@code /dev/shm}, {@code /dev/mqueue}) that ordinary tools can list and remove, are removed with
 * file semantics ({@code unlink} drops the name at once, the object goes when its last user closes
 * it), and a message queue is a descriptor that can be polled, so jipc waits on it in its poller
 * rather than in the kernel. Named objects outlive the processes that create them: unlink what you
 * create.
 */
package dev.jipc.posixipc;
