package dev.jipc.process;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import dev.jipc.internal.Csignal;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.FdAccess;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Reaper;
import dev.jipc.internal.Spawn;
import dev.jipc.internal.Unistd;
import dev.jipc.internal.Wait;
import dev.jipc.pty.Pty;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link Command} into a running child: program lookup, file actions, attributes, posix_spawn. */
final class Launcher {
    private Launcher() {}

    private static final PlatformConstants C = PlatformConstants.current();
    /** What glibc's execvp searches when PATH is unset (confstr _CS_PATH). */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    static ChildProcess start(Command cmd) throws IOException {
        Reaper reaper = Reaper.get(); // fails before spawning on a kernel without pidfds
        try (Arena arena = Arena.ofConfined()) {
            Prepared prepared = prepared(cmd, arena);
            String exe = prepared.exe() != null ? prepared.exe() : resolve(cmd.program(), prepared.path());
            MemorySegment cExe = prepared.cExe() != null ? prepared.cExe() : arena.allocateFrom(exe);
            MemorySegment pidOut = arena.allocate(JAVA_INT);
            if (!prepared.inheritsAll()) {
                return startWithFileActions(cmd, reaper, prepared, exe, cExe, pidOut, arena);
            }
            // The common case of run() and system(): the shared file actions (only the closefrom)
            // and attributes, no other downcall before the spawn.
            int r = Spawn.posixSpawn(pidOut, cExe, InheritAll.ACTIONS, prepared.attr(), prepared.argv(), prepared.envp());
            if (r < 0) {
                throw spawnFailure(-r, cmd, exe);
            }
            return started(reaper, pidOut.get(JAVA_INT, 0), cmd, exe, Map.of());
        }
    }

    /** The spawn of a child given more than stdio: file actions built for this spawn in {@code arena}. */
    private static ChildProcess startWithFileActions(Command cmd, Reaper reaper, Prepared prepared, String exe,
            MemorySegment cExe, MemorySegment pidOut, Arena arena) throws IOException {
        List<Integer> temps = new ArrayList<>();      // parent descriptors to close after the spawn
        List<Fd> childEnds = new ArrayList<>();         // pipe ends that go to the child
        Map<Integer, Fd> ours = new LinkedHashMap<>();  // pipe ends we keep, by child target
        boolean ok = false;
        try {
            MemorySegment actions = arena.allocate(C.SIZEOF_POSIX_SPAWN_FILE_ACTIONS_T(), 16);
            check(Spawn.posixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init", exe);
            try {
                if (cmd.directory().isPresent()) {
                    check(Spawn.posixSpawnFileActionsAddchdirNp(actions,
                            arena.allocateFrom(cmd.directory().get().toString())), "posix_spawn_file_actions_addchdir_np", exe);
                }
                if (cmd.terminal().isPresent()) {
                    terminalActions(cmd, actions, arena, exe);
                }
                int highest = cmd.redirects().isEmpty() ? 2 : Math.max(2, cmd.redirects().lastKey());
                List<int[]> merges = new ArrayList<>();
                for (var e : cmd.redirects().entrySet()) {
                    int target = e.getKey();
                    int source = switch (e.getValue()) {
                        case Redirect.Inherit i -> -1;
                        case Redirect.NullDevice n -> {
                            int flags = (target == 0 ? C.O_RDONLY() : target <= 2 ? C.O_WRONLY() : C.O_RDWR());
                            check(Spawn.posixSpawnFileActionsAddopen(actions, target, arena.allocateFrom("/dev/null"),
                                    flags, 0), "posix_spawn_file_actions_addopen", "/dev/null");
                            yield -1;
                        }
                        case Redirect.ReadFile f -> openFile(f.path(), C.O_RDONLY(), target, temps);
                        case Redirect.WriteFile f -> openFile(f.path(),
                                C.O_WRONLY() | C.O_CREAT() | (f.append() ? C.O_APPEND() : C.O_TRUNC()), target, temps);
                        case Redirect.FromFd f -> {
                            if (f.fd().isClosed()) {
                                throw new IllegalStateException("fd " + target + " of " + cmd.program()
                                        + ": the given descriptor " + f.fd() + " is closed");
                            }
                            yield f.fd().number();
                        }
                        case Redirect.Piped p -> {
                            boolean childReads = switch (p.direction()) {
                                case TO_CHILD -> true;
                                case FROM_CHILD -> false;
                                case BY_TARGET -> target == 0;
                            };
                            // The child gets an ordinary blocking descriptor, we get Pipe.open()'s kind.
                            Pipe pipe = FdAccess.get().pipeForChildren(childReads, !childReads);
                            Fd childEnd = childReads ? pipe.reader() : pipe.writer();
                            childEnds.add(childEnd);
                            ours.put(target, childReads ? pipe.writer() : pipe.reader());
                            yield childEnd.number();
                        }
                        case Redirect.ToFd t -> {
                            merges.add(new int[] {t.fd(), target});
                            yield -1;
                        }
                    };
                    if (source >= 0) {
                        if (source <= highest) {
                            // A source numbered like some target could be overwritten by an earlier
                            // dup2: hand the child a copy numbered above every target instead.
                            source = Descriptors.check(Fcntl.fcntl(source, C.F_DUPFD_CLOEXEC(), highest + 1),
                                    "fcntl F_DUPFD_CLOEXEC", "fd " + source);
                            temps.add(source);
                        }
                        check(Spawn.posixSpawnFileActionsAdddup2(actions, source, target),
                                "posix_spawn_file_actions_adddup2", exe);
                    }
                }
                for (int[] m : merges) {
                    check(Spawn.posixSpawnFileActionsAdddup2(actions, m[0], m[1]), "posix_spawn_file_actions_adddup2", exe);
                }
                if (Spawn.hasAddclosefromNp()) {
                    // Not everything in the JVM is close-on-exec (the JDK opens its jar files without
                    // O_CLOEXEC): close whatever lies above the child's own descriptors.
                    check(Spawn.posixSpawnFileActionsAddclosefromNp(actions, highest + 1),
                            "posix_spawn_file_actions_addclosefrom_np", exe);
                }

                int r = Spawn.posixSpawn(pidOut, cExe, actions, prepared.attr(), prepared.argv(), prepared.envp());
                if (r < 0) {
                    throw spawnFailure(-r, cmd, exe);
                }
                ChildProcess child = started(reaper, pidOut.get(JAVA_INT, 0), cmd, exe, ours);
                ok = true;
                return child;
            } finally {
                Spawn.posixSpawnFileActionsDestroy(actions);
            }
        } finally {
            for (int fd : temps) {
                Unistd.close(fd);
            }
            for (Fd fd : childEnds) {
                fd.close();
            }
            if (!ok) {
                for (Fd fd : ours.values()) {
                    fd.close();
                }
            }
        }
    }

    /** Hands a spawned child to the reaper and wraps it; a child that cannot be watched is not left behind. */
    private static ChildProcess started(Reaper reaper, int pid, Command cmd, String exe, Map<Integer, Fd> ours)
            throws ErrnoException {
        Reaper.Watched watched;
        try {
            watched = reaper.watch(pid);
        } catch (ErrnoException e) {
            // Without a pidfd nobody would reap it: take it down now rather than leave it.
            Csignal.kill(pid, dev.jipc.signal.Signal.SIGKILL.number());
            Wait.waitpid(pid, 0);
            throw e;
        }
        return new ChildProcess(watched, exe, cmd.startsNewProcessGroup(), ours);
    }

    /**
     * Whether the child keeps stdin, stdout and stderr as they are in the JVM and is given nothing
     * else: no redirect, no working directory, no terminal. Such a child needs no file action of its
     * own, only the closefrom above stderr that every child gets.
     */
    private static boolean inheritsEveryDescriptor(Command cmd) {
        if (cmd.directory().isPresent() || cmd.terminal().isPresent()) {
            return false;
        }
        for (var e : cmd.redirects().entrySet()) {
            if (e.getKey() > 2 || !(e.getValue() instanceof Redirect.Inherit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a command needs at every spawn that does not change between spawns, mostly in C form:
     * argv, envp, attributes, and the program path when it is given as a path (one looked up on
     * PATH is looked up again each time, as files come and go). Kept with a command started more
     * than once (a command is immutable), in memory freed when the command is.
     *
     * @param exe the path to exec, or null when the program is to be found on {@code path}
     * @param cExe {@code exe} as a C string, or null
     * @param path the PATH the child's program is searched on (null: unset, the default path applies)
     * @param attr the spawn attributes of the command's grouping
     * @param inheritsAll whether the child inherits every descriptor it gets ({@link #inheritsEveryDescriptor})
     */
    record Prepared(String exe, MemorySegment cExe, MemorySegment argv, MemorySegment envp, String path,
            MemorySegment attr, boolean inheritsAll) {}

    /**
     * The command's prepared form: kept with the command from its second start on; a command
     * started once (built for one {@code run()}, say) gets it in the spawn's own arena, as cheap as
     * building it had always been.
     */
    private static Prepared prepared(Command cmd, Arena spawnArena) {
        Prepared p = cmd.prepared();
        if (p != null) {
            return p;
        }
        if (!cmd.startedBefore()) {
            cmd.markStarted();
            return prepare(cmd, spawnArena);
        }
        p = prepare(cmd, Arena.ofAuto());
        cmd.prepared(p);
        return p;
    }

    private static Prepared prepare(Command cmd, Arena arena) {
        // The JVM's environment never changes (System.getenv() is a snapshot taken at start-up), so a
        // command that inherits it unchanged shares one envp block built once for all of them.
        boolean inherited = cmd.inheritsEnvironmentUnchanged();
        Map<String, String> env = inherited ? null : cmd.environment();
        String path = env == null || !env.containsKey("PATH") ? System.getenv("PATH") : env.get("PATH");
        MemorySegment cEnv = inherited ? InheritedEnvironment.ENVP : envp(env, arena);
        List<String> argv = cmd.argv();
        MemorySegment cArgv = arena.allocate(ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++) {
            String a = i == 0 ? cmd.arg0().orElse(argv.get(0)) : argv.get(i);
            cArgv.setAtIndex(ADDRESS, i, arena.allocateFrom(a));
        }
        String program = cmd.program();
        boolean fixed = program.indexOf('/') >= 0;
        return new Prepared(fixed ? program : null, fixed ? arena.allocateFrom(program) : null, cArgv, cEnv, path,
                SpawnAttributes.of(cmd.grouping()), inheritsEveryDescriptor(cmd));
    }

    /**
     * The file actions that put the child on its pty, run after setsid and before the redirects:
     * the terminal side opened onto fd 0 without O_NOCTTY (so, in a session leader without a
     * controlling terminal, it becomes one), then copied to 1 and 2 unless those are redirected.
     * Redirects of 0, 1 or 2 follow and replace these descriptors; the controlling terminal stays.
     */
    private static void terminalActions(Command cmd, MemorySegment actions, Arena arena, String exe) throws IOException {
        Pty pty = cmd.terminal().orElseThrow();
        if (pty.isClosed()) {
            throw new IllegalStateException(cmd.program() + ": its terminal, " + pty + ", is closed");
        }
        MemorySegment path = arena.allocateFrom(pty.terminalPath().toString());
        check(Spawn.posixSpawnFileActionsAddopen(actions, 0, path, C.O_RDWR(), 0),
                "posix_spawn_file_actions_addopen", pty.terminalPath().toString());
        for (int target = 1; target <= 2; target++) {
            if (!cmd.redirects().containsKey(target)) {
                check(Spawn.posixSpawnFileActionsAdddup2(actions, 0, target), "posix_spawn_file_actions_adddup2", exe);
            }
        }
    }

    private static MemorySegment envp(Map<String, String> env, SegmentAllocator alloc) {
        MemorySegment cEnv = alloc.allocate(ADDRESS, env.size() + 1L);
        int i = 0;
        for (var e : env.entrySet()) {
            cEnv.setAtIndex(ADDRESS, i++, alloc.allocateFrom(e.getKey() + "=" + e.getValue()));
        }
        return cEnv; // the last slot stays NULL (allocate zeroes)
    }

    /** The JVM's own environment as a NULL-terminated {@code envp}, built on first use and kept. */
    private static final class InheritedEnvironment {
        static final MemorySegment ENVP = envp(System.getenv(), Arena.global());
    }

    /**
     * The spawn attributes, one per kind of grouping, built once: posix_spawn only reads them. Every
     * child starts with an empty signal mask and every signal at its default disposition, whatever
     * the JVM installed or blocked.
     */
    private static final class SpawnAttributes {
        private static final MemorySegment INHERIT = build(Command.Grouping.INHERIT);
        private static final MemorySegment NEW_GROUP = build(Command.Grouping.NEW_GROUP);
        private static final MemorySegment NEW_SESSION = build(Command.Grouping.NEW_SESSION);

        static MemorySegment of(Command.Grouping grouping) {
            return switch (grouping) {
                case INHERIT -> INHERIT;
                case NEW_GROUP -> NEW_GROUP;
                case NEW_SESSION -> NEW_SESSION;
            };
        }

        private static MemorySegment build(Command.Grouping grouping) {
            Arena global = Arena.global();
            MemorySegment none = global.allocate(C.SIZEOF_SIGSET_T(), 8);
            MemorySegment all = global.allocate(C.SIZEOF_SIGSET_T(), 8);
            MemorySegment attr = global.allocate(C.SIZEOF_POSIX_SPAWNATTR_T(), 16);
            int flags = C.POSIX_SPAWN_SETSIGMASK() | C.POSIX_SPAWN_SETSIGDEF();
            boolean ok = Spawn.sigemptyset(none) == 0 && Spawn.sigfillset(all) == 0
                    && Spawn.posixSpawnattrInit(attr) == 0
                    && Spawn.posixSpawnattrSetsigmask(attr, none) == 0
                    && Spawn.posixSpawnattrSetsigdefault(attr, all) == 0;
            switch (grouping) {
                case NEW_GROUP -> {
                    flags |= C.POSIX_SPAWN_SETPGROUP();
                    ok &= Spawn.posixSpawnattrSetpgroup(attr, 0) == 0;
                }
                case NEW_SESSION -> flags |= C.POSIX_SPAWN_SETSID();
                case INHERIT -> { }
            }
            ok &= Spawn.posixSpawnattrSetflags(attr, flags) == 0;
            if (!ok) {
                throw new IllegalStateException("building the posix_spawn attributes (" + grouping + ") failed");
            }
            return attr;
        }
    }

    /**
     * The file actions of a child that inherits every descriptor it is given: only the close of
     * whatever lies above stderr (no file actions at all on a glibc without closefrom). Built once.
     */
    private static final class InheritAll {
        static final MemorySegment ACTIONS = build();

        private static MemorySegment build() {
            if (!Spawn.hasAddclosefromNp()) {
                return MemorySegment.NULL;
            }
            MemorySegment actions = Arena.global().allocate(C.SIZEOF_POSIX_SPAWN_FILE_ACTIONS_T(), 16);
            if (Spawn.posixSpawnFileActionsInit(actions) != 0 || Spawn.posixSpawnFileActionsAddclosefromNp(actions, 3) != 0) {
                throw new IllegalStateException("building the posix_spawn file actions failed");
            }
            return actions;
        }
    }

    private static int openFile(Path path, int flags, int target, List<Integer> temps) throws ErrnoException {
        String p = path.toAbsolutePath().toString();
        int fd = Fcntl.open(p, flags | C.O_CLOEXEC() | C.O_NOCTTY(), 0666);
        if (fd < 0) {
            throw new ErrnoException(-fd, "open for " + name(target), p);
        }
        temps.add(fd);
        return fd;
    }

    private static String name(int target) {
        return switch (target) {
            case 0 -> "stdin";
            case 1 -> "stdout";
            case 2 -> "stderr";
            default -> "fd " + target;
        };
    }

    private static void check(int r, String call, String subject) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException(-r, call, subject);
        }
    }

    /**
     * posix_spawn reports one errno, not which step failed. The steps are, in order, chdir, the dup2s
     * and opens, then exec; a missing directory explains ENOENT/ENOTDIR/EACCES, EBADF can only be a dup2,
     * anything else is the exec.
     */
    private static ErrnoException spawnFailure(int errno, Command cmd, String exe) {
        Errno e = Errno.of(errno);
        if (cmd.directory().isPresent() && (e == Errno.ENOENT || e == Errno.ENOTDIR || e == Errno.EACCES)
                && !Files.isDirectory(cmd.directory().get())) {
            return new ErrnoException(errno, "chdir " + cmd.directory().get() + " to exec", exe);
        }
        if (e == Errno.EBADF) {
            return new ErrnoException(errno, "dup2 before exec", exe);
        }
        return new ErrnoException(errno, "exec", exe);
    }

    /**
     * The path to exec, found as execvp finds it: a name containing {@code /} is used as is; otherwise
     * each PATH entry is tried, skipping what is missing or not executable, and if only unusable
     * candidates were seen the error is EACCES rather than ENOENT.
     */
    static String resolve(String program, String path) throws ErrnoException {
        if (program.indexOf('/') >= 0) {
            return program;
        }
        String search = path == null ? DEFAULT_PATH : path;
        boolean denied = false;
        for (String dir : search.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
            if (Files.exists(candidate)) {
                denied = true;
            }
        }
        throw new ErrnoException(denied ? Errno.EACCES : Errno.ENOENT, "exec", program,
                (denied ? "no executable file of that name on PATH " : "not found on PATH ") + search);
    }
}
