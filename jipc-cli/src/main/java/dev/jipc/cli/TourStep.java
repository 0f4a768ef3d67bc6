package dev.jipc.cli;

import java.io.PrintWriter;

/**
 * One stop of {@code jipc tour}: a short, self-contained demonstration of one area of jipc that
 * prints what happened as plain sentences and leaves nothing behind (no descriptors, no files).
 */
interface TourStep {
    /** A few words naming the area, printed as the step's heading. */
    String title();

    /** Runs the demonstration, writing one line per thing that happened. */
    void run(PrintWriter out) throws Exception;
}
