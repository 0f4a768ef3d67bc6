/**
 * System V interprocess communication: shared memory ({@link dev.jipc.sysv.SharedMemory}),
 * semaphore sets ({@link dev.jipc.sysv.SemaphoreSet}) and message queues
 * ({@link dev.jipc.sysv.MessageQueue}), found by an {@link dev.jipc.sysv.IpcKey} and listed by
 * {@link dev.jipc.sysv.SysvListing}, compatible with C and Perl programs using the same objects.
 *
 * <p>SysV objects outlive the processes that create them: remove what you create. None of the
 * waits here sleeps in the kernel on a virtual thread; see {@link dev.jipc.sysv.MessageQueue} and
 * {@link dev.jipc.sysv.SemaphoreSet}.
 */
package dev.jipc.sysv;
