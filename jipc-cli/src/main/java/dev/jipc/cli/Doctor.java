package dev.jipc.cli;

import dev.jipc.SystemSupport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jipc doctor}: what this system supports, and what works less well where it does not. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the kernel, glibc and architecture, and each facility jipc uses: available or not, and what degrades.")
final class Doctor implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SystemSupport s = SystemSupport.probe();
        out.printf("kernel    %s%n", s.kernelRelease());
        out.printf("glibc     %s%n", s.glibcVersion().orElse("not glibc (some features may be missing)"));
        out.printf("arch      %s%n", s.architecture());
        out.printf("platform  %s%n", s.platform());
        out.printf("java      %s%n", Runtime.version());
        out.println();
        int width = s.facilities().stream().mapToInt(f -> f.name().length()).max().orElse(0);
        for (SystemSupport.Facility f : s.facilities()) {
            out.printf("%s %-" + width + "s  %s%n", f.supported() ? "✓" : "✗", f.name(), f.detail());
        }
        long missing = s.facilities().stream().filter(f -> !f.supported()).count();
        out.println();
        out.println(missing == 0 ? "Everything jipc uses is available." : missing + " facilities missing; see above for what degrades.");
        out.flush();
        return 0;
    }
}
