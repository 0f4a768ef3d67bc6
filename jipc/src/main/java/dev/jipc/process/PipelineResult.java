package dev.jipc.process;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How every stage of a {@link Pipeline} ended, in order.
 *
 * <p>A shell's {@code $?} after {@code a | b | c} is {@code c}'s status alone, so a failing
 * {@code a} goes unnoticed unless {@code set -o pipefail} is on. Here each stage's status is kept;
 * {@link #success()} asks that all succeeded and {@link #pipefail()} gives the shell's pipefail
 * answer.
 *
 * @param commands the stages' commands
 * @param statuses how each stage ended, in the same order
 */
public record PipelineResult(List<Command> commands, List<ExitStatus> statuses) {
    /** Copies the lists and checks they match. */
    public PipelineResult {
        commands = List.copyOf(commands);
        statuses = List.copyOf(statuses);
        if (commands.size() != statuses.size() || commands.isEmpty()) {
            throw new IllegalArgumentException(commands.size() + " commands but " + statuses.size() + " statuses");
        }
    }

    /** Whether every stage exited 0. */
    public boolean success() {
        return statuses.stream().allMatch(ExitStatus::success);
    }

    /** The status of the last stage that did not succeed, or the last stage's (a success) if all did: {@code set -o pipefail}. */
    public ExitStatus pipefail() {
        for (int i = statuses.size() - 1; i >= 0; i--) {
            if (!statuses.get(i).success()) {
                return statuses.get(i);
            }
        }
        return statuses.getLast();
    }

    /** The last stage's status, what a shell without pipefail reports. */
    public ExitStatus last() {
        return statuses.getLast();
    }

    /** {@code "exit 0 | killed by SIGPIPE | exit 1"}. */
    @Override
    public String toString() {
        return statuses.stream().map(ExitStatus::toString).collect(Collectors.joining(" | "));
    }
}
