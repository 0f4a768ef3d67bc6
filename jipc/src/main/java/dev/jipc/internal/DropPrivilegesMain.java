package dev.jipc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * The main class a privilege-dropping Java child starts with: it gives up the supplementary groups,
 * the group id and the user id, in that order (once the user id is gone the others can no longer
 * be changed), checks that none can be taken back, and only then runs the real main class.
 *
 * <p>Arguments: {@code UID GID GROUPS MAIN_CLASS [ARG...]}, where {@code GROUPS} is a
 * comma-separated list of group ids or {@code -} for none. The ids are unsigned decimal numbers.
 * The main class is loaded before the drop but initialized after it, so its static initializer
 * and everything it opens already run with the new identity. If any step fails, or an id could be
 * regained, the JVM exits with {@value #EXIT_CANNOT_DROP} and a one-line message on stderr,
 * before any code of the main class has run.
 */
public final class DropPrivilegesMain {
    private DropPrivilegesMain() {}

    /** The exit status when the drop failed or could be undone: the shell's "cannot execute". */
    public static final int EXIT_CANNOT_DROP = 126;

    /** Drops privileges as the arguments say, then calls the real main class. */
    public static void main(String[] args) throws Throwable {
        if (args.length < 4) {
            fail("usage: UID GID GROUPS MAIN_CLASS [ARG...]");
        }
        int uid = Integer.parseUnsignedInt(args[0]);
        int gid = Integer.parseUnsignedInt(args[1]);
        int[] groups = args[2].equals("-") ? new int[0]
                : Arrays.stream(args[2].split(",")).mapToInt(Integer::parseUnsignedInt).toArray();
        Class<?> main = Class.forName(args[3], false, ClassLoader.getSystemClassLoader());
        String[] rest = Arrays.copyOfRange(args, 4, args.length);

        check(Grp.setgroups(groups), "setgroups " + args[2]);
        check(Unistd.setgid(gid), "setgid " + args[1]);
        check(Unistd.setuid(uid), "setuid " + args[0]);
        if (Unistd.getuid() != uid || Unistd.geteuid() != uid || Unistd.getgid() != gid) {
            fail("ids after the drop are uid " + Integer.toUnsignedString(Unistd.getuid()) + " euid "
                    + Integer.toUnsignedString(Unistd.geteuid()) + " gid " + Integer.toUnsignedString(Unistd.getgid()));
        }
        if (uid != 0) {
            // A real drop: root's powers must be gone for good (saved set-user-id included).
            if (Unistd.setuid(0) == 0) {
                fail("setuid(0) succeeded after dropping to uid " + args[0]);
            }
            if (gid != 0 && Unistd.setgid(0) == 0) {
                fail("setgid(0) succeeded after dropping to gid " + args[1]);
            }
            if (Grp.setgroups(new int[] {0}) == 0) {
                fail("setgroups([0]) succeeded after dropping to uid " + args[0]);
            }
        }
        run(main, rest);
    }

    private static void run(Class<?> main, String[] args) throws Throwable {
        Method m;
        boolean withArgs = true;
        try {
            m = main.getDeclaredMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            m = main.getDeclaredMethod("main");
            withArgs = false;
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            fail(main.getName() + ".main is not static");
        }
        m.setAccessible(true);
        try {
            if (withArgs) {
                m.invoke(null, (Object) args);
            } else {
                m.invoke(null);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void check(int r, String step) {
        if (r < 0) {
            fail(step + ": " + dev.jipc.Errno.of(-r).name() + " (" + dev.jipc.Errno.of(-r).message() + ")");
        }
    }

    private static void fail(String message) {
        System.err.println("jipc: cannot drop privileges: " + message);
        System.err.flush();
        System.exit(EXIT_CANNOT_DROP);
    }
}
