package dev.jipc.cli;

import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.io.NamedPipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Named pipes: a writer and a reader meet at a path; an open nobody answers times out. */
final class FifoTourStep implements TourStep {
    @Override
    public String title() {
        return "Named pipes (fifos)";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("jipc-tour-");
        try {
            NamedPipe fifo = NamedPipe.at(dir.resolve("rendezvous")).create();
            out.println("Created fifo " + fifo.path() + " with mode rw------- (only you).");

            CompletableFuture<Void> writer = new CompletableFuture<>();
            Thread.ofVirtual().name("tour-fifo-writer").start(() -> {
                try (Fd w = fifo.openWriter(Duration.ofSeconds(10))) {
                    w.writeFully("hello through the fifo".getBytes(StandardCharsets.UTF_8));
                    writer.complete(null);
                } catch (Exception e) {
                    writer.completeExceptionally(e);
                }
            });
            String got;
            try (Fd r = fifo.openReader(Duration.ofSeconds(10))) {
                got = new String(r.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            writer.join();
            out.println("A writer thread and the reader each waited in open until the other arrived; the reader got \"" + got + "\".");

            Duration patience = Duration.ofMillis(200);
            try (Fd r = fifo.openReader(patience)) {
                out.println("Unexpectedly, a writer turned up.");
            } catch (TimedOutException e) {
                out.println("Opening it for reading again with nobody writing gave up after " + patience.toMillis()
                        + " ms: " + e.getMessage());
            }
            fifo.delete();
        } finally {
            deleteTree(dir);
            out.println("Removed " + dir + ".");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
