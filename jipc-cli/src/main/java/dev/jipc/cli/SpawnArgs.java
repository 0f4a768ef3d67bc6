package dev.jipc.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

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
}
