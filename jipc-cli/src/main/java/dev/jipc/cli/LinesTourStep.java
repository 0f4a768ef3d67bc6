package dev.jipc.cli;

import dev.jipc.io.LineReader;
import dev.jipc.io.LineWriter;
import dev.jipc.io.Pipe;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Line terminators: strict CR LF out, CR LF or a bare LF accepted in. */
final class LinesTourStep implements TourStep {
    @Override
    public String title() {
        return "Line terminators for network protocols";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        try (Pipe pipe = Pipe.open(Pipe.KERNEL_DEFAULT);
                LineReader in = LineReader.of(pipe.reader())) {
            try (LineWriter crlf = LineWriter.crlf(pipe.writer().dup())) {
                crlf.writeLine("HELO example.org");
            }
            // A peer that ends its line with a bare LF, as many hand-written clients do.
            pipe.writer().writeFully("QUIT\n".getBytes(StandardCharsets.US_ASCII));
            pipe.writer().close();

            out.println("LineWriter.crlf sent \"HELO example.org\" ending in CR LF; a sloppy peer sent \"QUIT\" ending in a bare LF.");
            String first = in.readLine();
            String second = in.readLine();
            out.println("LineReader read both the same way: \"" + first + "\" and \"" + second
                    + "\", terminators removed; then " + (in.readLine() == null ? "end of file." : "more?"));
        }
        try (Pipe other = Pipe.open(Pipe.KERNEL_DEFAULT);
                LineWriter strict = LineWriter.crlf(other.writer().dup())) {
            strict.writeLine("two\r\nlines");
        } catch (IllegalArgumentException refused) {
            out.println("A line with CR LF inside was refused rather than sent as two protocol lines: "
                    + refused.getMessage() + ".");
        }
    }
}
