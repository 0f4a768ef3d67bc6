package dev.jipc.process;

import dev.jipc.internal.DropPrivilegesMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A child JVM running a main class of this program: perlipc's "child running the same program"
 * ({@code open($fh, "|-")} forks a copy of the script), which Java cannot do by forking.
 *
 * <p>The child runs the {@code java} of this JVM ({@code java.home}), on the same class path and
 * module path, with native access enabled for jipc if it is enabled here, so the child can use jipc
 * too. Nothing else of this JVM's command line is passed on (no {@code -D}, heap or agent options):
 * add what the child needs with {@link #jvmOptions(String...)}. The environment is inherited, as
 * with any {@link Command}.
 *
 * <p><b>Dropping privileges.</b> With {@link #dropPrivileges(Credentials)} the child first runs a
 * small jipc launcher that calls {@code setgroups}, {@code setgid} and {@code setuid}, in that
 * order, checks that {@code setuid(0)}, {@code setgid(0)} and {@code setgroups} now fail, and only
 * then loads and calls the given main class: its static initializer, its {@code main} and every
 * file it opens run with the new identity, as perlipc's child does after {@code ($>, $)) = ($<, $()}.
 * If the drop fails the child exits with 126 before any code of the main class has run. The class
 * path must be readable by the new user for classes not loaded yet.
 *
 * <p>An immutable value: each method returns a new one.
 */
public final class JavaChild {
    private final String mainClass;
    private final String mainModule; // null: the class path
    private final List<String> args;
    private final List<String> jvmOptions;
    private final Credentials credentials; // null: no drop

    private JavaChild(String mainClass, String mainModule, List<String> args, List<String> jvmOptions,
            Credentials credentials) {
        this.mainClass = mainClass;
        this.mainModule = mainModule;
        this.args = args;
        this.jvmOptions = jvmOptions;
        this.credentials = credentials;
    }

    /** A child running {@code mainClass} (a binary name, {@code a.b.Outer$Inner} for nested) with {@code args}. */
    public static JavaChild of(String mainClass, String... args) {
        Objects.requireNonNull(mainClass, "mainClass");
        if (mainClass.isBlank()) {
            throw new IllegalArgumentException("empty main class name");
        }
        return new JavaChild(mainClass, null, List.of(args), List.of(), null);
    }

    /**
     * A child running {@code mainClass} with {@code args}; a class of a named module is started as
     * {@code -m module/class}.
     */
    public static JavaChild of(Class<?> mainClass, String... args) {
        Module m = mainClass.getModule();
        return new JavaChild(mainClass.getName(), m.isNamed() ? m.getName() : null, List.of(args), List.of(), null);
    }

    /** The same child with these JVM options added ({@code -Xmx64m}, {@code -Dkey=value}, ...). */
    public JavaChild jvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(options));
        return new JavaChild(mainClass, mainModule, args, List.copyOf(all), credentials);
    }

    /** The same child, switched to {@code who} before its main class runs. */
    public JavaChild dropPrivileges(Credentials who) {
        Objects.requireNonNull(who, "credentials");
        return new JavaChild(mainClass, mainModule, args, jvmOptions, who);
    }

    /** The main class name. */
    public String mainClass() {
        return mainClass;
    }

    /** The arguments of the main class. */
    public List<String> args() {
        return args;
    }

    /** The identity the child switches to, if any. */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * The {@code java} command line as a {@link Command}, its descriptors inherited: add redirects,
     * environment or a directory to it, then start it.
     */
    public Command command() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Module jipc = JavaChild.class.getModule();
        if (jipc.isNativeAccessEnabled()) {
            argv.add("--enable-native-access=" + (jipc.isNamed() ? jipc.getName() : "ALL-UNNAMED"));
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            argv.add("-cp");
            argv.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            argv.add("-p");
            argv.add(modulePath);
            argv.add("--add-modules");
            argv.add("ALL-MODULE-PATH");
        }
        argv.addAll(jvmOptions);
        if (credentials == null) {
            addMain(argv, mainModule, mainClass);
        } else {
            addMain(argv, jipc.isNamed() ? jipc.getName() : null, DropPrivilegesMain.class.getName());
            argv.add(Integer.toUnsignedString(credentials.uid()));
            argv.add(Integer.toUnsignedString(credentials.gid()));
            argv.add(credentials.groups().isEmpty() ? "-"
                    : credentials.groups().stream().map(Integer::toUnsignedString).collect(Collectors.joining(",")));
            argv.add(mainClass);
        }
        argv.addAll(args);
        return Command.of(argv);
    }

    private static void addMain(List<String> argv, String module, String cls) {
        if (module != null) {
            argv.add("-m");
            argv.add(module + "/" + cls);
        } else {
            argv.add(cls);
        }
    }

    /**
     * Starts the child with its stdin and stdout as pipes to us ({@link ChildProcess#stdin()},
     * {@link ChildProcess#stdout()}) and its stderr shared with ours.
     */
    public ChildProcess start() throws IOException {
        return command().stdin(Redirect.pipe()).stdout(Redirect.pipe()).start();
    }

    /** The command line, shell-quoted where needed. */
    @Override
    public String toString() {
        return command().toString();
    }
}
