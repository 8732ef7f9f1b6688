package saddlelab.cli;

import java.io.PrintStream;

/** {@code bench}: gradient steps per second of the Java engine on the JVM ({@link Bench}). */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "bench                            gradient steps/s of the Java engine on the JVM (one thread, the",
                "                                 plain-loop yardstick, seeds on all cores); the full comparison with",
                "                                 the browser engines and NumPy: see docs/performance.md");
    }

    @Override
    public Options options() {
        return new Options(name());
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Bench.run(out);
        return 0;
    }
}
