package dev.jipc.cli;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import dev.jipc.io.FifoCloseWatch;
import dev.jipc.io.NamedPipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc fifo-signature PATH}: keeps a fifo at PATH and hands every process that reads it a
 * fresh text, like the {@code .signature} program of perlipc.
 *
 * <p>Each round it checks that PATH is still a fifo (recreating it when someone removed it, or
 * replacing a plain file that took its place), waits for a reader, writes the text and closes. Then,
 * instead of the Perl program's {@code sleep 2}, it waits until that reader has closed the fifo
 * (a {@link FifoCloseWatch}), so the reader is never handed a second text and the next reader is
 * not kept waiting. A reader that keeps the fifo open is given up on after {@link #READER_GRACE}.
 *
 * <p>On exit, including Ctrl-C, the fifo is removed if this program created it; a fifo that was
 * already there when it started belongs to whoever made it and is left in place.
 */
@Command(name = "fifo-signature", mixinStandardHelpOptions = true,
        description = {
            "Keep a fifo at PATH and give each reader a fresh text: the contents of --text FILE (re-read each time)"
                    + " or a line with a counter and the time.",
            "Recreates the fifo if it is removed or replaced by a plain file. Removes the fifo it created on exit (also on Ctrl-C)."})
final class FifoSignature implements Callable<Integer> {
    /** How long to wait for a served reader to close the fifo before carrying on regardless. */
    static final Duration READER_GRACE = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "Where the fifo lives, e.g. ~/.signature.")
    Path path;

    @Option(names = "--text", paramLabel = "FILE", description = "Serve the contents of FILE, read anew for every reader.")
    Path textFile;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Serve N readers, then exit (default: until stopped).")
    int count;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "0600", converter = FileMode.class,
            description = "Permissions of a fifo it creates, octal or symbolic (default: ${DEFAULT-VALUE}).")
    Set<PosixFilePermission> mode;

    /** How often the fifo's identity is compared while waiting for a reader. */
    private static final Duration PLACE_CHECK = java.time.Duration.ofMillis(250);

    private volatile boolean stopping;
    private volatile boolean created;
    private PrintWriter log;

    @Override
    public Integer call() throws IOException {
        if (count < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be 0 or more, not " + count);
        }
        log = spec.commandLine().getErr();
        NamedPipe fifo = NamedPipe.at(path).withPermissions(mode);
        Thread server = Thread.currentThread();
        Thread hook = new Thread(() -> stop(server, fifo), "fifo-signature shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        FifoCloseWatch watch = null;
        try {
            int served = 0;
            while (!stopping && (count == 0 || served < count)) {
                if (ensureFifo(fifo) || watch == null || watch.isGone()) {
                    close(watch);
                    watch = FifoCloseWatch.on(path);
                }
                watch.clear();
                log("waiting for a reader of " + path);
                byte[] text;
                try (Fd out = openWriterWhileInPlace(fifo)) {
                    if (out == null) {
                        continue;
                    }
                    // Made when the reader has arrived, so it is fresh for that reader.
                    text = text(served + 1);
                    out.writeFully(text);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EPIPE) {
                        throw e;
                    }
                    log("the reader left before the text was written; waiting for the next one");
                    continue;
                }
                served++;
                log("served reader #" + served + " (" + text.length + " bytes)");
                if (count != 0 && served == count) {
                    break;
                }
                if (!watch.awaitClose(READER_GRACE) && !watch.isGone()) {
                    log("the reader still has the fifo open after " + READER_GRACE.toSeconds() + " s; carrying on");
                }
            }
            return 0;
        } catch (InterruptedIOException e) {
            if (stopping) {
                return 130;
            }
            throw e;
        } finally {
            close(watch);
            removeIfCreated(fifo);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it waits for this cleanup.
            }
            log.flush();
        }
    }

    /**
     * Waits for a reader like {@link NamedPipe#openWriter()}, but gives up (returning null) when the
     * fifo at the path is removed or replaced meanwhile: no reader can reach the old one any more,
     * so waiting on it would wait forever. A virtual thread compares the file's identity every
     * {@link #PLACE_CHECK} and interrupts the wait when it changes.
     */
    private Fd openWriterWhileInPlace(NamedPipe fifo) throws IOException {
        Object key = fileKey();
        Thread waiter = Thread.currentThread();
        AtomicBoolean moved = new AtomicBoolean();
        Thread checker = Thread.ofVirtual().name("fifo-signature-place-check").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(PLACE_CHECK);
                    if (!Objects.equals(key, fileKey())) {
                        moved.set(true);
                        waiter.interrupt();
                        return;
                    }
                }
            } catch (InterruptedException done) {
                // The open completed or failed: nothing more to check.
            }
        });
        try {
            return fifo.openWriter();
        } catch (ErrnoException e) {
            // Replaced or removed between the check at the top of the loop and this open.
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                log("the fifo at " + path + " was removed or replaced before a reader came");
                return null;
            }
            throw e;
        } catch (InterruptedIOException e) {
            if (moved.get() && !stopping) {
                Thread.interrupted();
                log("the fifo at " + path + " was removed or replaced while waiting for a reader");
                return null;
            }
            throw e;
        } finally {
            checker.interrupt();
            try {
                checker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (moved.get() && !stopping) {
                Thread.interrupted();
            }
        }
    }

    /** The identity (device and inode) of what is at the path now, or null if nothing is. */
    private Object fileKey() {
        try {
            // The inode number alone is not enough: a file created right after the fifo was removed
            // often gets the same one (ext4, tmpfs). The change time tells the two apart.
            return java.util.Arrays.asList(Files.readAttributes(path, BasicFileAttributes.class).fileKey(),
                    Files.getAttribute(path, "unix:ctime"));
        } catch (IOException gone) {
            return null;
        }
    }

    /**
     * Makes sure a fifo is at the path; returns true if it had to create one.
     *
     * @throws IOException if something other than a plain file or a fifo is in the way
     */
    private boolean ensureFifo(NamedPipe fifo) throws IOException {
        if (NamedPipe.isFifo(path)) {
            return false;
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            log("removed the plain file that had taken the fifo's place at " + path);
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " exists and is neither a fifo nor a plain file; not touching it");
        } else if (created) {
            log("the fifo at " + path + " was removed");
        }
        if (stopping) {
            throw new InterruptedIOException("stopping");
        }
        fifo.create();
        created = true;
        log("created fifo " + path + " with mode " + FileMode.describe(mode));
        return true;
    }

    private byte[] text(int number) throws IOException {
        if (textFile != null) {
            return Files.readAllBytes(textFile);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return ("jipc fifo-signature #" + number + " at " + now + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Shutdown hook (Ctrl-C, SIGTERM): wake the server from its wait and let it clean up. */
    private void stop(Thread server, NamedPipe fifo) {
        stopping = true;
        log("stopping");
        server.interrupt();
        try {
            server.join(READER_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeIfCreated(fifo);
        log.flush();
    }

    private synchronized void removeIfCreated(NamedPipe fifo) {
        if (!created) {
            return;
        }
        created = false;
        try {
            if (NamedPipe.isFifo(path) && fifo.delete()) {
                log("removed fifo " + path);
            }
        } catch (IOException e) {
            log("could not remove fifo " + path + ": " + e.getMessage());
        }
    }

    private static void close(FifoCloseWatch watch) throws IOException {
        if (watch != null) {
            watch.close();
        }
    }

    private void log(String message) {
        log.println("fifo-signature: " + message);
        log.flush();
    }
}
