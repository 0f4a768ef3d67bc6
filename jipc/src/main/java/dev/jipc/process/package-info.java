/**
 * Processes: {@link dev.jipc.process.Command} describes a program to run (argument list, never a
 * shell unless {@link dev.jipc.process.Command#shell(String)}), {@link dev.jipc.process.Redirect}
 * says what each of its descriptors is, {@link dev.jipc.process.ChildProcess} is the running child
 * and {@link dev.jipc.process.ExitStatus} how it ended.
 *
 * <p>On top of them: pipe opens ({@link dev.jipc.process.ReadPipe}, {@link dev.jipc.process.WritePipe}),
 * capture and open3 ({@link dev.jipc.process.Communication}, {@link dev.jipc.process.Captured}), open2
 * ({@link dev.jipc.process.Conversation}), pipelines without a shell ({@link dev.jipc.process.Pipeline}),
 * cancellation ({@link dev.jipc.process.CancelPolicy}) and Perl's {@code <>} ({@link dev.jipc.process.ArgumentInput}).
 *
 * <p>Children are started with glibc's {@code posix_spawn} (exec errors at spawn time, no helper
 * program), watched through pidfds and reaped by the thread that waits for them or else by one
 * reaper thread (no zombies, never {@code waitpid(-1)}, never the JDK's children).
 *
 * <p>For children that outlive us, {@link dev.jipc.process.Detached} starts one in a session of its
 * own and {@link dev.jipc.process.Daemon} restarts the running program as a daemon;
 * {@link dev.jipc.process.JavaChild} is a child JVM running a class of this program, optionally
 * under other {@link dev.jipc.process.Credentials}.
 */
package dev.jipc.process;
