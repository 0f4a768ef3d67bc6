package dev.jipc.cli;

import dev.jipc.sysv.SysvListing;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jipc ipcs}: the SysV objects of the system, as {@code ipcs} lists them. */
@Command(name = "ipcs", mixinStandardHelpOptions = true,
        description = "List SysV shared memory segments, semaphore sets and message queues (from /proc/sysvipc).")
final class Ipcs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("------ Shared Memory Segments --------");
        out.printf("%-10s %-10s %-6s %-12s %-8s%n", "key", "shmid", "perms", "bytes", "nattch");
        for (var e : SysvListing.sharedMemory()) {
            out.printf("%-10s %-10d %-6o %-12d %-8d%n", e.key(), e.id(), e.mode() & 0777, e.size(), e.attachments());
        }
        out.println();
        out.println("------ Semaphore Arrays --------");
        out.printf("%-10s %-10s %-6s %-8s%n", "key", "semid", "perms", "nsems");
        for (var e : SysvListing.semaphoreSets()) {
            out.printf("%-10s %-10d %-6o %-8d%n", e.key(), e.id(), e.mode() & 0777, e.count());
        }
        out.println();
        out.println("------ Message Queues --------");
        out.printf("%-10s %-10s %-6s %-12s %-8s%n", "key", "msqid", "perms", "used-bytes", "messages");
        for (var e : SysvListing.messageQueues()) {
            out.printf("%-10s %-10d %-6o %-12d %-8d%n", e.key(), e.id(), e.mode() & 0777, e.bytes(), e.messages());
        }
        out.flush();
        return 0;
    }
}
