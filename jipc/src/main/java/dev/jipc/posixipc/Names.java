package dev.jipc.posixipc;

import dev.jipc.internal.PlatformConstants;

/** The rule every POSIX IPC name follows on Linux, checked before any system call. */
final class Names {
    private Names() {}

    /**
     * Returns {@code name} if it is {@code "/"} followed by 1 to {@code NAME_MAX} (255) characters,
     * none of them {@code '/'} or NUL, and not {@code "."} or {@code ".."}.
     *
     * @throws IllegalArgumentException saying which rule the name breaks
     */
    static String check(String name) {
        return check(name, PlatformConstants.current().NAME_MAX());
    }

    /** Like {@link #check(String)} with {@code max} characters after the '/' (semaphores: 251). */
    static String check(String name, int max) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        String why = null;
        if (!name.startsWith("/")) {
            why = "must start with '/'";
        } else if (name.length() == 1) {
            why = "needs at least one character after the '/'";
        } else if (name.indexOf('/', 1) >= 0) {
            why = "must not contain a '/' after the first character";
        } else if (name.indexOf('\0') >= 0) {
            why = "must not contain a NUL character";
        } else if (name.equals("/.") || name.equals("/..")) {
            why = "must not be \".\" or \"..\"";
        } else if (name.length() - 1 > max) {
            why = "has more than " + max + " characters after the '/'";
        }
        if (why != null) {
            throw new IllegalArgumentException("POSIX IPC name \"" + name + "\" " + why
                    + "; a valid name looks like \"/myapp.queue\"");
        }
        return name;
    }
}
