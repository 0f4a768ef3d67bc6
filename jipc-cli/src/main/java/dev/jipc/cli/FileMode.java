package dev.jipc.cli;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;

/** Reads a {@code --mode} value: octal ({@code 0600}, {@code 644}) or symbolic ({@code rw-r-----}). */
final class FileMode implements CommandLine.ITypeConverter<Set<PosixFilePermission>> {
    // Bit order of PosixFilePermission's constants: OWNER_READ is 0400 ... OTHERS_EXECUTE is 0001.
    private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

    @Override
    public Set<PosixFilePermission> convert(String value) {
        String v = value.strip();
        if (v.matches("[0-7]{1,4}")) {
            int bits = Integer.parseInt(v, 8);
            if (bits > 0777) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "': only permission bits (at most 0777) are allowed, not setuid, setgid or sticky");
            }
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < 9; i++) {
                if ((bits & (0400 >> i)) != 0) {
                    perms.add(BY_BIT[i]);
                }
            }
            return perms;
        }
        try {
            return PosixFilePermissions.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a file mode: give octal such as 0600 or symbolic such as rw-------");
        }
    }

    /** {@code "0600 (rw-------)"}. */
    static String describe(Set<PosixFilePermission> perms) {
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            if (perms.contains(BY_BIT[i])) {
                bits |= 0400 >> i;
            }
        }
        return String.format("0%03o (%s)", bits, PosixFilePermissions.toString(perms));
    }
}
