package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The command line: a table of commands (one small class each) over one option parser. A thin
 * adapter: the runs and analyses are the shared engine's; the commands read files, spread seeds over
 * threads, report progress and print what people and programs need.
 */
public final class Main {
    private Main() {
    }

    static final List<Command> COMMANDS = List.of(new ServeCommand(), new ExportStaticCommand(), new LoadBench.Cmd(),
            new RunCommand(), new PresetsCommand(), new GreedyCommand(), new GeometryCommand(), new EscapeCommand(),
            new BenchCommand(), new MergeCommand(), new StatusCommand(), new SlurmCommand(), new K8sCommand());

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code != ServeCommand.SERVING) {
            System.exit(code);
        }
    }

    static String usage() {
        StringBuilder s = new StringBuilder("usage: java -jar saddle-lab.jar <command>\n");
        for (Command c : COMMANDS) {
            for (String line : c.usage().split("\n")) {
                s.append("  ").append(line).append('\n');
            }
        }
        return s.append("  help                             this list").toString();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, out, err, System.getenv());
    }

    /** The same with the environment given (a scheduler's variables in tests). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return 0;
        }
        for (Command c : COMMANDS) {
            if (!c.name().equals(args[0])) {
                continue;
            }
            try {
                return c.run(c.options().environment(env).parse(args, 1), out, err);
            } catch (Options.UsageError e) {
                err.println(e.getMessage());
                err.println("usage: java -jar saddle-lab.jar " + c.usage().split("\n")[0]);
                return 2;
            }
        }
        err.println("unknown command: " + args[0]);
        err.println(usage());
        return 2;
    }
}
