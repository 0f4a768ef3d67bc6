package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A SIGCHLD handler or queue observes children without taking anybody's exit status. */
@ResourceLock("jipc.signals")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChldTest {

    @Test
    void aChldHandlerDoesNotDisturbReaping() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (Registration r = Signals.handle(Signal.SIGCHLD, s -> seen.incrementAndGet());
                SignalQueue q = SignalQueue.subscribe(Signal.SIGCHLD)) {
            List<ChildProcess> ours = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ours.add(Command.of("sh", "-c", "exit " + (10 + i)).start());
            }
            Process jdks = new ProcessBuilder("sh", "-c", "exit 7").start();
            for (int i = 0; i < ours.size(); i++) {
                try (ChildProcess c = ours.get(i)) {
                    assertThat(c.waitFor()).isEqualTo(new ExitStatus.Exited(10 + i));
                }
            }
            assertThat(jdks.waitFor()).isEqualTo(7);
            assertThat(q.poll(Duration.ofSeconds(30))).contains(Signal.SIGCHLD);
            while (seen.get() == 0) {
                Thread.sleep(5);
            }
        }
    }
}
