package dev.jipc.cli;

import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Pipes: a round trip between two threads, sizes, end of file, and EPIPE as a typed error. */
final class PipeTourStep implements TourStep {
    @Override
    public String title() {
        return "Pipes";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        try (Pipe request = Pipe.open(); Pipe reply = Pipe.open()) {
            // The echo side runs in a virtual thread; its reads park it instead of blocking a carrier.
            CompletableFuture<Void> echo = new CompletableFuture<>();
            Thread.ofVirtual().name("tour-echo").start(() -> {
                try {
                    byte[] b = new byte[64];
                    int n = request.reader().read(b);
                    String got = new String(b, 0, n, StandardCharsets.UTF_8);
                    reply.writer().writeFully(("pong to " + got).getBytes(StandardCharsets.UTF_8));
                    echo.complete(null);
                } catch (Exception e) {
                    echo.completeExceptionally(e);
                }
            });
            request.writer().writeFully("ping".getBytes(StandardCharsets.UTF_8));
            out.println("The main thread wrote \"ping\" into a pipe; a virtual thread read it and answered through a second pipe.");
            String answer = readSome(reply.reader());
            echo.join();
            out.println("The main thread read the answer back: \"" + answer + "\".");

            try (Pipe plain = Pipe.open(Pipe.KERNEL_DEFAULT)) {
                out.printf("A pipe as the kernel makes it holds %s; Pipe.open() asked for %s and got %s,"
                                + " so bulk writers wait for readers far less often.%n",
                        size(plain.writer().pipeSize()), size(Pipe.DEFAULT_SIZE), size(request.writer().pipeSize()));
            }

            request.writer().close();
            int n = request.reader().read(new byte[16]);
            out.println("After the writer was closed, a read returned " + n + ": end of file, the reader knows nobody will write again.");
        }

        try (Pipe broken = Pipe.open()) {
            broken.reader().close();
            try {
                broken.writer().writeFully("anyone there?".getBytes(StandardCharsets.UTF_8));
                out.println("Unexpectedly, writing to a pipe without a reader succeeded.");
            } catch (ErrnoException e) {
                out.println("Writing after the reader was closed failed with errno " + e.errno().name()
                        + " as a typed exception (no SIGPIPE kills the JVM): " + e.getMessage());
            }
        }
    }

    private static String size(int bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    private static String readSome(Fd in) throws Exception {
        byte[] b = new byte[64];
        int n = in.read(b);
        return n < 0 ? "" : new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
