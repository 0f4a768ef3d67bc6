package dev.jipc.signal;

import dev.jipc.internal.ServiceThreads;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import dev.jipc.internal.Csignal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place that owns jipc's signal state: per signal, the stack of registrations and the
 * subscribed queues, what the JVM was doing with the signal before, and the dispatcher thread.
 *
 * <p>The JVM calls {@link #CATCH} on a thread of its own for each delivered signal. Dispatch is one
 * at a time, in arrival order, guarded by a token ({@code dispatching}): when nobody holds it,
 * nothing is pending and the signal is not held, the JVM's delivering thread takes the token and
 * runs the handler and feeds the queues itself, saving a thread wake-up per signal. Otherwise it
 * only marks the signal pending (a set in arrival order, at most one entry per signal) and
 * returns; one daemon thread, {@code jipc-signal-dispatcher}, takes pending signals in order,
 * skipping held ones, whenever the token is free. Handlers run outside every lock.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger("dev.jipc.signal");
    private static final Dispatcher INSTANCE = new Dispatcher();
    private static final Set<Signal> SHUTDOWN_SIGNALS = EnumSet.of(Signal.SIGHUP, Signal.SIGINT, Signal.SIGTERM);

    static Dispatcher get() {
        return INSTANCE;
    }

    /** What the JVM runs for a caught signal: mark it pending, nothing else. */
    private final sun.misc.SignalHandler CATCH = s -> post(Signal.of(s.getNumber()));

    /**
     * Per signal: its registrations (newest last), queues, the JVM handler found at first use, and
     * whether it comes through the signalfd (decided at first use) instead of the JVM.
     */
    private static final class State {
        final Deque<Registration> stack = new ArrayDeque<>();
        final List<SignalQueue> queues = new ArrayList<>();
        final boolean viaSignalfd;
        sun.misc.SignalHandler original;
        sun.misc.SignalHandler installed;

        State(Signal s) {
            viaSignalfd = SignalfdSource.qualifies(s);
        }
    }

    private final SignalfdSource signalfd = new SignalfdSource(this);

    // Registry: guarded by 'this'.
    private final Map<Signal, State> states = new EnumMap<>(Signal.class);

    // Pending signals: guarded by 'lock'.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashSet<Signal> pending = new LinkedHashSet<>();
    private final int[] holds = new int[Signal.values().length];
    private boolean dispatching;
    private Thread thread;

    // Statistics, for tests and the curious: written under 'lock'.
    private final long[] received = new long[Signal.values().length];
    private final long[] coalesced = new long[Signal.values().length];

    private Dispatcher() {}

    // ---------------------------------------------------------------- registry

    Registration push(Registration r) {
        synchronized (this) {
            State st = states.computeIfAbsent(r.signal(), State::new);
            st.stack.addLast(r);
            try {
                reinstall(r.signal(), st);
            } catch (RuntimeException e) {
                st.stack.removeLastOccurrence(r);
                forgetIfUnused(r.signal(), st);
                throw e;
            }
        }
        return r;
    }

    void remove(Registration r) {
        synchronized (this) {
            State st = states.get(r.signal());
            if (st != null && st.stack.removeLastOccurrence(r)) {
                reinstall(r.signal(), st);
                forgetIfUnused(r.signal(), st);
            }
        }
    }

    void subscribe(SignalQueue q, List<Signal> signals) {
        synchronized (this) {
            List<Signal> done = new ArrayList<>();
            try {
                for (Signal s : signals) {
                    State st = states.computeIfAbsent(s, State::new);
                    st.queues.add(q);
                    done.add(s);
                    reinstall(s, st);
                }
            } catch (RuntimeException e) {
                unsubscribe(q, done);
                throw e;
            }
        }
    }

    void unsubscribe(SignalQueue q, List<Signal> signals) {
        synchronized (this) {
            for (Signal s : signals) {
                State st = states.get(s);
                if (st != null && st.queues.remove(q)) {
                    reinstall(s, st);
                    forgetIfUnused(s, st);
                }
            }
        }
    }

    /** Whether some jipc handler or queue currently catches {@code s}. */
    synchronized boolean catches(Signal s) {
        State st = states.get(s);
        if (st == null) {
            return false;
        }
        if (st.viaSignalfd) {
            Registration top = st.stack.peekLast();
            return !st.queues.isEmpty() || (top != null && top.kind() == Registration.Kind.HANDLE);
        }
        return st.installed == CATCH;
    }

    /** Whether {@code s} is read from jipc's signalfd rather than delivered by the JVM. */
    synchronized boolean viaSignalfd(Signal s) {
        State st = states.get(s);
        return st != null && st.viaSignalfd;
    }

    private void forgetIfUnused(Signal s, State st) {
        if (st.stack.isEmpty() && st.queues.isEmpty()) {
            states.remove(s);
            if (st.viaSignalfd) {
                signalfd.remove(s);
            }
        }
    }

    /** Makes the JVM's disposition of {@code s} match the newest registration and the queues. */
    private void reinstall(Signal s, State st) {
        if (st.viaSignalfd) {
            // Blocked everywhere: the JVM never sees it. Read it while anything is registered;
            // dispatch applies IGNORE and DEFAULT itself.
            if (!st.stack.isEmpty() || !st.queues.isEmpty()) {
                startThread();
                signalfd.add(s);
            }
            return;
        }
        Registration top = st.stack.peekLast();
        sun.misc.SignalHandler want;
        if (!st.queues.isEmpty() || (top != null && top.kind() == Registration.Kind.HANDLE)) {
            want = CATCH;
        } else if (top == null) {
            want = st.original;
        } else if (top.kind() == Registration.Kind.IGNORE) {
            want = sun.misc.SignalHandler.SIG_IGN;
        } else {
            want = sun.misc.SignalHandler.SIG_DFL;
        }
        if (st.installed != null && want == st.installed) {
            return;
        }
        if (want == null) { // nothing to restore: jipc never installed anything
            return;
        }
        sun.misc.SignalHandler old = install(s, want);
        if (old == sun.misc.SignalHandler.SIG_IGN && want != old && SHUTDOWN_SIGNALS.contains(s)) {
            // HotSpot leaves SIGHUP, SIGINT and SIGTERM alone once they are ignored (started under
            // nohup, or ignored by us before), and reports success. Give the signal its default
            // action first, then install again: the JVM now takes it.
            Csignal.setDefault(s.number());
            install(s, want);
        }
        if (st.original == null) {
            st.original = old;
        }
        st.installed = want;
        if (want == st.original) {
            st.installed = null; // back to the JVM's own state
        }
        if (want == CATCH) {
            startThread();
        }
    }

    private static sun.misc.SignalHandler install(Signal s, sun.misc.SignalHandler want) {
        try {
            return sun.misc.Signal.handle(new sun.misc.Signal(s.shortName()), want);
        } catch (IllegalArgumentException e) {
            throw new SignalNotHandleableException(s, "the JVM refused to let " + s.name()
                    + " be handled (" + e.getMessage() + "; is it running with -Xrs?)");
        }
    }

    // ---------------------------------------------------------------- dispatch

    private void startThread() {
        lock.lock();
        try {
            if (thread == null) {
                thread = ServiceThreads.start("jipc-signal-dispatcher", this::loop);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called on the JVM's delivering thread: dispatches {@code s} right here when the dispatcher is
     * idle, else marks it pending. Never blocks beyond a short lock, never starts a thread.
     */
    void post(Signal s) {
        if (s == Signal.UNKNOWN) {
            return;
        }
        lock.lock();
        try {
            received[s.ordinal()]++;
            if (!dispatching && pending.isEmpty() && holds[s.ordinal()] == 0) {
                dispatching = true;
            } else {
                if (!pending.add(s)) {
                    coalesced[s.ordinal()]++;
                }
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            deliver(s);
        } finally {
            finishDispatch();
        }
    }

    /** Gives the dispatch token back; what arrived meanwhile goes to the dispatcher thread. */
    private void finishDispatch() {
        lock.lock();
        try {
            dispatching = false;
            if (!pending.isEmpty()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void hold(List<Signal> signals) {
        lock.lock();
        try {
            for (Signal s : signals) {
                holds[s.ordinal()]++;
            }
        } finally {
            lock.unlock();
        }
    }

    void release(List<Signal> signals) {
        lock.lock();
        try {
            for (Signal s : signals) {
                holds[s.ordinal()]--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isHeld(Signal s) {
        lock.lock();
        try {
            return holds[s.ordinal()] > 0;
        } finally {
            lock.unlock();
        }
    }

    /** How many times the JVM has reported {@code s} to jipc, and how many of those were folded into a pending one. */
    long[] counts(Signal s) {
        lock.lock();
        try {
            return new long[] {received[s.ordinal()], coalesced[s.ordinal()]};
        } finally {
            lock.unlock();
        }
    }

    private Signal next() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (!dispatching) {
                    for (Signal s : pending) {
                        if (holds[s.ordinal()] == 0) {
                            pending.remove(s);
                            dispatching = true;
                            return s;
                        }
                    }
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            Signal s;
            try {
                s = next();
            } catch (InterruptedException e) {
                continue; // nobody but us owns this thread; keep serving
            }
            try {
                deliver(s);
            } finally {
                finishDispatch();
            }
        }
    }

    /** Feeds the queues and runs the newest handler for {@code s}; the caller holds the token. */
    private void deliver(Signal s) {
        SignalHandler handler = null;
        List<SignalQueue> queues;
        boolean defaultAction;
        synchronized (this) {
            State st = states.get(s);
            if (st == null) {
                return; // everything was closed meanwhile
            }
            Registration top = st.stack.peekLast();
            if (top != null && top.kind() == Registration.Kind.HANDLE) {
                handler = top.handler();
            }
            queues = List.copyOf(st.queues);
            defaultAction = st.viaSignalfd && queues.isEmpty() && top != null && top.kind() == Registration.Kind.DEFAULT;
        }
        if (defaultAction) {
            SignalfdSource.defaultAction(s);
            return;
        }
        for (SignalQueue q : queues) {
            q.offer(s);
        }
        if (handler != null) {
            try {
                handler.handle(s);
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "handler for " + s.name() + " threw; dispatch continues", t);
            }
            Thread.interrupted(); // a handler's stray interrupt must not reach the next one
        }
    }
}
