package dev.jipc.signal;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;

/**
 * A child JVM, leader of its own process group, for the cookbook's "HUP my whole group while
 * ignoring it myself": prints how a group member ended and that this JVM survived.
 */
public final class OwnGroupChild {
    private OwnGroupChild() {}

    public static void main(String[] args) throws Exception {
        try (ChildProcess member = Command.of("sleep", "30").start()) {
            // snippet: sig-hup-group
            try (Registration ign = Signals.ignore(Signal.SIGHUP)) {
                Signals.sendToOwnGroup(Signal.SIGHUP);
            }
            // end snippet
            System.out.println("member: " + member.waitFor());
            System.out.println("survived");
        }
    }
}
