package dev.jipc.cli;

import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.io.Readiness;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Readiness: one wait over several pipes, first timing out, then waking for the one that has data. */
final class ReadinessTourStep implements TourStep {
    @Override
    public String title() {
        return "Waiting on several descriptors (select)";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pipes.add(Pipe.open(Pipe.KERNEL_DEFAULT));
            }
            List<Fd> readers = pipes.stream().map(Pipe::reader).toList();

            Duration brief = Duration.ofMillis(100);
            Readiness.Ready none = Readiness.await(readers, List.of(), brief);
            out.println("Waited up to " + brief.toMillis() + " ms on 3 empty pipes: "
                    + (none.isEmpty() ? "nothing was ready, the wait timed out." : none.readable().size() + " ready?"));

            Fd second = pipes.get(1).writer();
            Thread writer = Thread.ofVirtual().name("tour-readiness-writer").start(() -> {
                try {
                    Thread.sleep(50);
                    second.writeFully("wake up".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    // The wait below then times out and says so.
                }
            });
            Readiness.Ready ready = Readiness.await(readers, List.of(), Duration.ofSeconds(10));
            writer.join();
            for (Fd fd : ready.readable()) {
                byte[] b = new byte[32];
                int n = fd.read(b);
                out.println("Another thread wrote into pipe #" + (readers.indexOf(fd) + 1) + "; the wait woke with it readable and read \""
                        + new String(b, 0, n, StandardCharsets.UTF_8) + "\" without blocking.");
            }
            if (ready.isEmpty()) {
                out.println("No pipe became readable within 10 s.");
            }
        } finally {
            for (Pipe p : pipes) {
                p.close();
            }
        }
    }
}
