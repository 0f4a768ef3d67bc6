/**
 * Signals, perlipc's "Signals" chapter for Java.
 *
 * <ul>
 *   <li>{@link dev.jipc.signal.Signal}: the signals by name and number, which ones a JVM may handle
 *       and why not.
 *   <li>{@link dev.jipc.signal.Signals}: handlers as scoped {@link dev.jipc.signal.Registration}s
 *       (perlipc's {@code %SIG} and {@code local}), ignore and default, holding signals during a
 *       critical section, sending to a pid or a process group, the signal-0 probe
 *       ({@link dev.jipc.signal.Liveness}), and a real {@code alarm}.
 *   <li>{@link dev.jipc.signal.SignalQueue}: signals as values to take (Go's {@code signal.Notify}).
 *   <li>{@link dev.jipc.signal.Timeouts}: the alarm pattern without a signal: a deadline that
 *       interrupts the waiting thread and a {@link dev.jipc.TimedOutException} that says what timed out.
 *   <li>{@link dev.jipc.signal.Restart}: the SIGHUP daemon's restart in place by exec, same pid.
 * </ul>
 *
 * <p>Handlers are deferred, as in Perl 5.8+: they run one at a time, in arrival order, after the JVM
 * has caught the signal, never in signal context; see {@link dev.jipc.signal.Signals} for when they
 * run and how bursts coalesce.
 */
package dev.jipc.signal;
