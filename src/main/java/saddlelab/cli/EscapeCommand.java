package saddlelab.cli;

import java.io.PrintStream;
import saddlelab.experiment.readings.Analyses;
import saddlelab.experiment.spec.ExperimentSpec;

/** {@code escape SPEC.json}: the gradient flow's escape time t_α against α ({@link Analyses#escapeTimes}, §5.1). */
final class EscapeCommand implements Command {
    @Override
    public String name() {
        return "escape";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "escape SPEC.json [--alphas 1e-2,3e-3,1e-3,3e-4,1e-4] [--r R] [--out FILE] [--json]",
                "                                 escape time t_α of the gradient flow against α");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--alphas").value("--r").value("--out").flag("--json");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        double[] alphas = o.numbers("--alphas", 1e-12, 10, new double[] {1e-2, 3e-3, 1e-3, 3e-4, 1e-4});
        double r = o.number("--r", 0, 1e6, 0); // 0: three times the largest initial norm
        ExperimentSpec spec = Specs.read(o.required(0, "a spec file (its task and depth are used)"), err);
        if (spec == null) {
            return 1;
        }
        return GeometryCommand.emit(o, "escape", Analyses.escapeTimes(spec, alphas, r), out, err);
    }
}
