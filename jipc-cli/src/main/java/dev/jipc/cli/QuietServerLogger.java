package dev.jipc.cli;

import dev.jipc.net.SocketServer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The socket subcommands and the tour say in their own words when a server starts and stops; the
 * library's server logger would repeat that on standard error at INFO, so the command line holds it
 * at WARNING. Failures still show.
 */
final class QuietServerLogger {
    private QuietServerLogger() {}

    /** Kept referenced: the logging framework holds its loggers weakly, and a collected one forgets its level. */
    private static final Logger LOGGER = Logger.getLogger(SocketServer.class.getName());

    static {
        LOGGER.setLevel(Level.WARNING);
    }

    /** Applies the setting (loading this class is what does it; calling this makes sure it is loaded). */
    static void apply() {
        // The static initializer has run by the time this body does.
    }
}
