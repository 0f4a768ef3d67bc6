package dev.jipc.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command after {@code --} of a server that spawns one: picocli hands every word after
 * {@code --} to the positional parameters, mixed with the ones before it, so the original
 * arguments tell where the command starts.
 */
final class SpawnArgs {
    private SpawnArgs() {}

    /** The trailing words of {@code positional} that came after {@code --} (empty when there was none). */
    static List<String> command(CommandSpec spec, List<String> positional) {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        if (dashes < 0) {
            return List.of();
        }
        int after = original.size() - dashes - 1;
        return List.copyOf(positional.subList(positional.size() - after, positional.size()));
    }

    /**
     * Checks the words of a spawning server: at most one {@code what} (PORT or PATH) before
     * {@code --}, and a command after it exactly when {@code --spawn} is given.
     */
    static void check(CommandSpec spec, boolean spawn, List<String> before, List<String> command, String what) {
        if (before.size() > 1) {
            throw new ParameterException(spec.commandLine(), "expected at most one " + what + ", got " + before);
        }
        if (spawn && command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--spawn needs a command after --");
        }
        if (!spawn && !command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "a command after -- needs --spawn");
        }
    }
}
