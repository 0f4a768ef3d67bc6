package dev.jipc.signal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Linux's standard signals by name and number, as {@code kill -l} lists them.
 *
 * <p>A value type, so an exit status or a handler registration says {@code SIGTERM} rather than
 * {@code 15}: the numbers differ between operating systems (SIGUSR1 is 10 on Linux and 30 on
 * macOS), and a name survives a port where a number does not. The numbers here are the ones Linux
 * uses on x86_64 and aarch64; a test checks them against {@code <signal.h>} when a C compiler exists.
 *
 * <h2>Unknown numbers and real-time signals</h2>
 * Like {@link dev.jipc.Errno}, lookups by number never throw: {@link #of(int)} gives {@link #UNKNOWN}
 * for a number that is not one of the 31 standard signals, including the real-time signals
 * SIGRTMIN..SIGRTMAX (32..64; glibc keeps 32 and 33 for itself). Whoever needs the exact number, such
 * as {@code ExitStatus.Signaled}, keeps it next to the constant. {@link #parse(String)} returns an
 * empty {@link Optional} for a name or number it does not know, because parsing text is where
 * unknown input is expected and must be handled; {@link #named(String)} is the variant for APIs
 * that take a name and must fail loudly, with an {@link UnknownSignalException}.
 *
 * <h2>What a Java program may handle</h2>
 * {@link #canBeCaught()} is false for SIGKILL and SIGSTOP, which no process can catch.
 * {@link #whyNotHandleable()} adds the signals HotSpot keeps for itself (SIGQUIT for thread dumps,
 * the fault signals SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP, and SIGUSR2 for suspending
 * threads) and says why; {@link Signals#handle} refuses those with a
 * {@link SignalNotHandleableException} carrying that reason.
 */
public enum Signal {
    /** Hangup: the controlling terminal went away; daemons use it as "reload". */
    SIGHUP(1),
    /** Interrupt from the keyboard (Ctrl-C). */
    SIGINT(2),
    /** Quit from the keyboard (Ctrl-\); dumps core. */
    SIGQUIT(3),
    /** Illegal instruction; dumps core. */
    SIGILL(4),
    /** Trace or breakpoint trap; dumps core. */
    SIGTRAP(5),
    /** Abort, as raised by abort(3); dumps core. Also known as SIGIOT. */
    SIGABRT(6),
    /** Bus error (bad memory access); dumps core. */
    SIGBUS(7),
    /** Arithmetic exception; dumps core. */
    SIGFPE(8),
    /** Kill: cannot be caught, blocked or ignored. */
    SIGKILL(9),
    /** User-defined signal 1. */
    SIGUSR1(10),
    /** Invalid memory reference; dumps core. */
    SIGSEGV(11),
    /** User-defined signal 2. */
    SIGUSR2(12),
    /** Write to a pipe with no reader. */
    SIGPIPE(13),
    /** Timer from alarm(2). */
    SIGALRM(14),
    /** Termination request: the polite way to ask a process to stop. */
    SIGTERM(15),
    /** Coprocessor stack fault (unused on Linux). */
    SIGSTKFLT(16),
    /** A child stopped or exited. Also known as SIGCLD. */
    SIGCHLD(17),
    /** Continue if stopped. */
    SIGCONT(18),
    /** Stop: cannot be caught, blocked or ignored. */
    SIGSTOP(19),
    /** Stop typed at the terminal (Ctrl-Z). */
    SIGTSTP(20),
    /** Terminal input for a background process. */
    SIGTTIN(21),
    /** Terminal output for a background process. */
    SIGTTOU(22),
    /** Urgent condition on a socket. */
    SIGURG(23),
    /** CPU time limit exceeded; dumps core. */
    SIGXCPU(24),
    /** File size limit exceeded; dumps core. */
    SIGXFSZ(25),
    /** Virtual alarm clock. */
    SIGVTALRM(26),
    /** Profiling timer expired. */
    SIGPROF(27),
    /** Window size change. */
    SIGWINCH(28),
    /** I/O now possible. Also known as SIGPOLL. */
    SIGIO(29),
    /** Power failure. */
    SIGPWR(30),
    /** Bad system call; dumps core. */
    SIGSYS(31),
    /** A number that is not one of the standard signals above (a real-time signal, say). */
    UNKNOWN(-1);

    private static final Signal[] BY_NUMBER = new Signal[32];
    private static final Map<String, Signal> ALIASES = Map.of("SIGIOT", SIGABRT, "SIGPOLL", SIGIO, "SIGCLD", SIGCHLD);

    static {
        for (Signal s : values()) {
            if (s.number > 0) {
                BY_NUMBER[s.number] = s;
            }
        }
    }

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The signal's number on this platform; -1 for {@link #UNKNOWN}. */
    public int number() {
        return number;
    }

    /** The name without the {@code SIG} prefix, as {@code kill -l} prints it: {@code "TERM"}. */
    public String shortName() {
        return this == UNKNOWN ? name() : name().substring(3);
    }

    /**
     * Whether a process can catch, block or ignore this signal at all: false for SIGKILL, SIGSTOP
     * and {@link #UNKNOWN}.
     */
    public boolean canBeCaught() {
        return this != SIGKILL && this != SIGSTOP && this != UNKNOWN;
    }

    /**
     * Why a Java program cannot install a handler for this signal, or empty if it can: the signal
     * cannot be caught by anyone, or HotSpot uses it itself (replacing its handler would break
     * thread dumps, null checks, memory-mapped file errors or thread suspension, or crash the JVM).
     */
    public Optional<String> whyNotHandleable() {
        return Optional.ofNullable(switch (this) {
            case SIGKILL, SIGSTOP -> name() + " cannot be caught, blocked or ignored";
            case SIGQUIT -> "SIGQUIT is used by the JVM for thread dumps";
            case SIGSEGV -> "SIGSEGV is used by the JVM internally (implicit null checks, safepoint polls, stack banging)";
            case SIGBUS -> "SIGBUS is used by the JVM internally (faults on memory-mapped files)";
            case SIGFPE -> "SIGFPE is used by the JVM internally (integer division faults)";
            case SIGILL -> "SIGILL is used by the JVM internally (traps in compiled code)";
            case SIGTRAP -> "SIGTRAP is used by the JVM internally on some CPUs (traps in compiled code)";
            case SIGUSR2 -> "SIGUSR2 is used by the JVM to suspend and resume threads";
            case UNKNOWN -> "UNKNOWN is not a signal of this platform";
            default -> null;
        });
    }

    /**
     * Like {@link #parse(String)}, for APIs that take a signal name from a user.
     *
     * @throws UnknownSignalException naming the text, for anything {@code parse} does not know
     */
    public static Signal named(String text) {
        return parse(text).orElseThrow(() -> new UnknownSignalException(text));
    }

    /** The signal with this number; {@link #UNKNOWN} for any other number, never an exception. */
    public static Signal of(int number) {
        Signal s = number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        return s == null ? UNKNOWN : s;
    }

    /**
     * Parses {@code "HUP"}, {@code "SIGHUP"}, {@code "hup"}, {@code "1"} or an alias such as
     * {@code "IOT"}; empty for anything else (real-time signal numbers included).
     */
    public static Optional<Signal> parse(String text) {
        String n = text.strip().toUpperCase(Locale.ROOT);
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
            Signal s = n.length() < 3 ? of(Integer.parseInt(n)) : UNKNOWN;
            return s == UNKNOWN ? Optional.empty() : Optional.of(s);
        }
        if (!n.startsWith("SIG")) {
            n = "SIG" + n;
        }
        Signal alias = ALIASES.get(n);
        if (alias != null) {
            return Optional.of(alias);
        }
        for (Signal s : values()) {
            if (s != UNKNOWN && s.name().equals(n)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
