package saddlelab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Analyses;
import saddlelab.experiment.Json;

/**
 * {@code geometry SPEC.json} (Theorem 1 against the width) and {@code escape SPEC.json} (escape time
 * against α): thin wrappers around {@link Analyses}; JSON to stdout or {@code --out}, and the
 * fitted values beside the predicted ones on stderr.
 */
final class GeometryCommand {
    private GeometryCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        boolean escape = args[0].equals("escape");
        String specFile = null;
        String outFile = null;
        int[] widths = {10, 30, 100, 300, 1000};
        double[] gammas = {0.8, 1.0, 2.0};
        double[] alphas = {1e-2, 3e-3, 1e-3, 3e-4, 1e-4};
        double r = 0; // default: three times the largest initial norm
        int seeds = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--widths":
                    widths = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                    break;
                case "--gammas":
                    gammas = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
                    break;
                case "--alphas":
                    alphas = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
                    break;
                case "--r":
                    r = Double.parseDouble(args[++i]);
                    break;
                case "--seeds":
                    seeds = Integer.parseInt(args[++i]);
                    break;
                case "--out":
                    outFile = args[++i];
                    break;
                default:
                    if (specFile != null || args[i].startsWith("--")) {
                        err.println("unexpected argument: " + args[i]);
                        return 2;
                    }
                    specFile = args[i];
            }
        }
        if (specFile == null) {
            err.println(args[0] + " needs a spec file (its task and depth are used)");
            return 2;
        }
        ExperimentSpec spec = Main.readSpec(specFile, err);
        if (spec == null) {
            return 1;
        }
        String doc = escape ? Analyses.escapeTimes(spec, alphas, r) : Analyses.geometry(spec, widths, gammas, seeds);
        Main.emit(doc, outFile, out);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(doc);
        if (escape) {
            err.println(m.containsKey("fittedSlope")
                    ? String.format(Locale.ROOT, "t_α against −log α: fitted slope %s, predicted 1/s* = %s",
                            m.get("fittedSlope"), m.get("predictedSlope"))
                    : String.format(Locale.ROOT, "t_α ∝ α^p: fitted p = %s, predicted −(L−2) = %s",
                            m.get("fittedExponent"), m.get("predictedExponent")));
        } else {
            for (Object o : (List<?>) m.get("series")) {
                Map<?, ?> g = (Map<?, ?>) o;
                err.println(String.format(Locale.ROOT,
                        "γ = %s: d_saddle ∝ w^%s (theorem %s), d_minimum ∝ w^%s (theorem %s)", g.get("gamma"),
                        g.get("fittedSaddleExponent"), g.get("theoremSaddleExponent"), g.get("fittedMinimumExponent"),
                        g.get("theoremMinimumExponent")));
            }
        }
        return 0;
    }
}
