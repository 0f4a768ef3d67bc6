package dev.jipc.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** Durations given on the command line ("10", "1.5s", "200ms", "2m"), read as {@code jipc timeout} reads them. */
final class Durations {
    private Durations() {}

    /** Parses {@code text}; a bad one is a usage error of the command {@code spec} describes. */
    static Duration parse(CommandSpec spec, String text) {
        Timeout reader = new Timeout();
        reader.spec = spec;
        return reader.parseDuration(text);
    }
}
