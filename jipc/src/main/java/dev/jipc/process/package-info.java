/**
 * Processes: {@link dev.jipc.process.Command} describes a program to run (argument list, never a
 * shell unless {@link dev.jipc.process.Command#shell(String)}), {@link dev.jipc.process.Redirect}
 * says what each of its descriptors is, {@link dev.jipc.process.ChildProcess} is the running child
 * and {@link dev.jipc.process.ExitStatus} how it ended.
 *
 * <p>Children are started with glibc's {@code posix_spawn} (exec errors at spawn time, no helper
 * program), watched through pidfds and reaped by one reaper thread (no zombies, never
 * {@code waitpid(-1)}, never the JDK's children).
 */
package dev.jipc.process;
