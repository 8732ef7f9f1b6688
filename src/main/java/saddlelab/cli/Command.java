package saddlelab.cli;

import java.io.PrintStream;

/** One command of the command line: its options, its usage lines and what it does. */
interface Command {
    /** The command's name, as typed. */
    String name();

    /** Its usage lines (the first starts with the name). */
    String usage();

    /** The options it takes (parsed by {@link Main} before {@link #run}). */
    Options options();

    /** Runs it; the exit code (0 ok, 1 a failure the user can fix in the input, 2 a usage mistake, 3 a run failed). */
    int run(Options options, PrintStream out, PrintStream err) throws Exception;
}
