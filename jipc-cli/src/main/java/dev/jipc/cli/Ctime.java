package dev.jipc.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times written the way C's {@code ctime} and Perl's {@code scalar localtime} write them,
 * {@code "Mon Nov  3 09:05:07 2026"}: the form the greeting, daytime and time programs print, so
 * their output lines up with the Perl programs'.
 */
final class Ctime {
    private Ctime() {}

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /** The current local time. */
    static String now() {
        return of(Instant.now());
    }

    /** A moment in the local time zone. */
    static String of(Instant instant) {
        return FORMAT.format(instant.atZone(ZoneId.systemDefault()));
    }

    /** A moment given in seconds since 1970. */
    static String ofEpochSecond(long seconds) {
        return of(Instant.ofEpochSecond(seconds));
    }
}
