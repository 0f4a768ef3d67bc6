package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.TimedOutException;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The Signals section of docs/cookbook.md, each snippet compiled and run. */
@ResourceLock("jipc.signals")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CookbookSignalsTest {

    @Test
    void catchZap() throws Exception {
        // snippet: sig-catch-zap
        CountDownLatch zapped = new CountDownLatch(1);
        try (Registration zap = Signals.handle(Signal.SIGINT, sig -> {
            System.err.println("Somebody sent me a " + sig.name());
            zapped.countDown();
        })) {
            Signals.raise(Signal.SIGINT);   // as if Ctrl-C was typed
            zapped.await();                 // the handler runs soon after, on an ordinary thread
        }                                   // from here on SIGINT shuts the JVM down again
        // end snippet
        assertThat(zapped.getCount()).isZero();
    }

    @Test
    void ignoreAndDefault() throws Exception {
        // snippet: sig-ignore-default
        try (Registration quiet = Signals.ignore(Signal.SIGINT)) {
            // Ctrl-C does nothing in here
            try (Registration dfl = Signals.reset(Signal.SIGINT)) {
                // in here it ends the JVM at once, without shutdown hooks
            }
        }
        // end snippet
        assertThat(SignalsTest.disposition(Signal.SIGINT)).isEqualTo("caught");
    }

    @Test
    void names() {
        // snippet: sig-names
        for (Signal s : Signal.values()) {
            if (s != Signal.UNKNOWN) {
                System.out.println(s.number() + " " + s.shortName()
                        + s.whyNotHandleable().map(why -> " (" + why + ")").orElse(""));
            }
        }
        Signal term = Signal.named("term");   // "FOO" would throw UnknownSignalException
        // end snippet
        assertThat(term).isSameAs(Signal.SIGTERM);
    }

    @Test
    void hupTheWholeGroup() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildProcess c = Command.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), OwnGroupChild.class.getName())
                .newProcessGroup().stdout(Redirect.pipe()).start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.stdout().inputStream().transferTo(out);
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Exited(0));
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("member: " + new ExitStatus.Signaled(Signal.SIGHUP, false) + "\nsurvived\n");
        }
    }

    @Test
    void probe() throws Exception {
        List<String> said = new ArrayList<>();
        for (long pid : new long[] {ProcessHandle.current().pid(), 4_194_305}) {
            // snippet: sig-probe
            switch (Signals.probe(pid)) {
                case ALIVE -> said.add(pid + " is alive");
                case NOT_PERMITTED -> said.add(pid + " is alive, but not ours to signal");
                case NO_SUCH_PROCESS -> said.add(pid + " looks dead");
            }
            // end snippet
        }
        assertThat(said).containsExactly(ProcessHandle.current().pid() + " is alive", "4194305 looks dead");
    }

    @Test
    void children() throws Exception {
        // snippet: sig-chld
        try (SignalQueue chld = SignalQueue.subscribe(Signal.SIGCHLD);
                ChildProcess kid = Command.of("sh", "-c", "exit 3").start()) {
            chld.take();                               // "a child changed state": no status in it
            ExitStatus status = kid.waitFor();         // jipc reaped it already: Exited[code=3]
            System.out.println(kid.pid() + " ended: " + status);
        }
        // end snippet
    }

    @Test
    void childrenBookkeeping() throws Exception {
        Map<Long, ExitStatus> cleanedUp = new ConcurrentHashMap<>();
        // snippet: sig-children
        Map<Long, ChildProcess> children = new ConcurrentHashMap<>();
        for (String job : List.of("exit 0", "exit 1", "kill -TERM $$")) {
            ChildProcess kid = Command.of("sh", "-c", job).start();
            children.put(kid.pid(), kid);
            kid.onExit().thenAccept(status -> {        // the REAPER's work, for this child only
                children.remove(kid.pid());
                cleanedUp.put(kid.pid(), status);      // cleanup_child($pid, $?)
            });
        }
        // end snippet
        while (cleanedUp.size() < 3) {
            Thread.sleep(10);
        }
        assertThat(children).isEmpty();
        assertThat(cleanedUp.values()).extracting(ExitStatus::toString)
                .containsExactlyInAnyOrder("exit 0", "exit 1", "killed by SIGTERM");
    }

    @Test
    void signalfdPath() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> out = Command.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CookbookSignalfdMain.class.getName()).captureLines();
        assertThat(out).containsExactly("reloaded on jipc-signalfd");
    }

    @Test
    void anUninterruptibleCallUnderADeadline() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        Callable<String> slowLookup = () -> {
            stuck.await(); // like a resolver that ignores interrupts until it is done
            return "192.0.2.7";
        };
        String said = null;
        // snippet: sig-uninterruptible
        try (ExecutorService resolver = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> address = resolver.submit(slowLookup);
            try {
                said = Timeouts.run(Duration.ofSeconds(1), "look up the host", () -> address.get());
            } catch (TimedOutException e) {
                said = e.getMessage();                 // we stop waiting; the lookup finishes alone
                stuck.countDown();
            }
        }
        // end snippet
        assertThat(said).isEqualTo("look up the host: timed out after 1s");
    }

    @Test
    void alarmPattern() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Thread holder = Thread.ofPlatform().start(lock::lock); // takes it and never gives it back
        holder.join();
        String said = null;
        // snippet: sig-timeout
        try {
            Timeouts.runVoid(Duration.ofSeconds(1), "take the lock", lock::lockInterruptibly);
        } catch (TimedOutException e) {
            said = e.getMessage();                     // "take the lock: timed out after 1s"
        }
        // end snippet
        assertThat(said).isEqualTo("take the lock: timed out after 1s");
    }

    @Test
    void realAlarm() throws Exception {
        // snippet: sig-alarm
        try (SignalQueue alrm = SignalQueue.subscribe(Signal.SIGALRM)) {
            Signals.alarm(1);                          // refused unless SIGALRM is caught
            alrm.take();
        }
        // end snippet
    }

    @Test
    void hold() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (Registration r = Signals.handle(Signal.SIGTERM, sig -> ran.countDown())) {
            // snippet: sig-hold
            try (HeldSignals held = Signals.hold(Signal.SIGINT, Signal.SIGTERM)) {
                Signals.raise(Signal.SIGTERM);
                // update what the handlers read; they run after this block
            }
            // end snippet
            ran.await();
        }
    }
}
