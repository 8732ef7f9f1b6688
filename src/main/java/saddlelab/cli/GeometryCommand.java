package saddlelab.cli;

import java.io.PrintStream;
import java.util.Map;
import saddlelab.experiment.readings.Analyses;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;

/** {@code geometry SPEC.json}: Theorem 1 against the width ({@link Analyses#geometry}). */
final class GeometryCommand implements Command {
    @Override
    public String name() {
        return "geometry";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "geometry SPEC.json [--widths 10,30,100,300,1000] [--gammas 0.8,1,2] [--seeds 3] [--out FILE] [--json]",
                "                                 Theorem 1: distances to the saddle and to the minimum against w");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--widths").value("--gammas").value("--seeds")
                .value("--out").flag("--json");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        int[] widths = o.integers("--widths", 1, 4096, new int[] {10, 30, 100, 300, 1000});
        double[] gammas = o.numbers("--gammas", 0, 20, new double[] {0.8, 1.0, 2.0});
        int seeds = (int) o.integer("--seeds", 1, 100, 3);
        ExperimentSpec spec = Specs.read(o.required(0, "a spec file (its task and depth are used)"), err);
        if (spec == null) {
            return 1;
        }
        Map<String, Object> result = Analyses.geometry(spec, widths, gammas, seeds);
        return emit(o, "geometry", result, out, err);
    }

    /** The document to --out / --json, the rounded figures for people. */
    static int emit(Options o, String kind, Map<String, Object> result, PrintStream out, PrintStream err) throws Exception {
        String doc = Json.write(result);
        if (o.has("--out")) {
            Specs.emit(doc, o.string("--out", null), out);
        }
        if (o.has("--json")) {
            out.println(doc);
        }
        Output.analysis(o.has("--json") ? err : out, kind, result);
        return 0;
    }
}
