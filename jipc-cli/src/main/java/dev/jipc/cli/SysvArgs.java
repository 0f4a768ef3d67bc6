package dev.jipc.cli;

import dev.jipc.sysv.IpcKey;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The arguments the SysV subcommands share: keys, modes and timeouts, each with one clear error line. */
final class SysvArgs {
    private SysvArgs() {}

    /** {@code 1234} or {@code 0x4d2}; anything else fails the command with one line. */
    static IpcKey key(String text) {
        try {
            IpcKey key = IpcKey.parse(text);
            if (key.isPrivate()) {
                throw new IllegalArgumentException("key " + text
                        + " is IPC_PRIVATE, which names no shared object: give a key such as 1234 or 0x4d2");
            }
            return key;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad key '" + text
                    + "': give a decimal number such as 1234 or hex such as 0x4d2");
        }
    }

    /** An octal mode such as {@code 0600}, permission bits only. */
    static int mode(String text) {
        if (!text.matches("[0-7]{1,4}") || Integer.parseInt(text, 8) > 0777) {
            throw new IllegalArgumentException("bad mode '" + text + "': give octal permission bits such as 0600");
        }
        return Integer.parseInt(text, 8);
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration; null stays null (no limit). */
    static Duration timeout(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.parse(text.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("bad timeout '" + text + "': give e.g. 500ms, 2s or 1m");
        }
    }
}
