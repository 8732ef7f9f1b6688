package saddlelab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Fit;
import saddlelab.experiment.Geometry;
import saddlelab.experiment.Json;
import saddlelab.experiment.Run;
import saddlelab.experiment.SpecException;
import saddlelab.experiment.Tasks;

/**
 * {@code geometry SPEC.json}: Theorem 1 measured. For each γ and width, the distances from the
 * initialization to the constructed saddle and global minimum and the NTK at initialization, then
 * the fitted log–log slopes beside the theorem's exponents.
 */
final class GeometryCommand {
    private GeometryCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String specFile = null;
        int[] widths = {10, 30, 100, 300, 1000};
        double[] gammas = {0.8, 1.0, 2.0};
        int seeds = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--widths":
                    widths = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                    break;
                case "--gammas":
                    gammas = java.util.Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
                    break;
                case "--seeds":
                    seeds = Integer.parseInt(args[++i]);
                    break;
                default:
                    specFile = args[i];
            }
        }
        if (specFile == null) {
            err.println("geometry needs a spec file (its task and depth are used)");
            return 2;
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> base;
        try {
            base = ExperimentSpec.parse(Files.readString(Path.of(specFile), StandardCharsets.UTF_8)).toMap();
        } catch (SpecException e) {
            err.println("invalid spec: " + e.getMessage());
            return 1;
        }
        out.println("gamma width d_saddle d_minimum ntk/expected");
        for (double gamma : gammas) {
            double[][] logs = new double[2][widths.length];
            double[] logWidths = new double[widths.length];
            for (int i = 0; i < widths.length; i++) {
                double ds = 0;
                double dm = 0;
                double ntk = 0;
                ExperimentSpec spec = null;
                for (int s = 0; s < seeds; s++) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(base);
                    m.put("width", widths[i]);
                    m.remove("hiddenWidths");
                    m.put("init", java.util.Map.of("gamma", gamma));
                    m.put("widthScaledLearningRate", false);
                    m.put("steps", 1);
                    m.put("seeds", 1);
                    m.put("seed", ((Number) base.get("seed")).longValue() + s);
                    spec = ExperimentSpec.parse(Json.write(m));
                    Cost cost = Tasks.build(spec, spec.seed);
                    DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
                    Run.initialize(net, spec, spec.seed);
                    ds += Math.log(Geometry.distanceToSaddle(net)) / seeds;
                    dm += Math.log(Geometry.distanceToMinimum(net, Geometry.minimizer(cost))) / seeds;
                    ntk += Geometry.ntkMeanDiagonal(net) / Geometry.expectedNtk(spec.depth, widths[i], gamma) / seeds;
                }
                logWidths[i] = Math.log(widths[i]);
                logs[0][i] = ds;
                logs[1][i] = dm;
                out.println(String.format(Locale.ROOT, "%.3f %d %.6g %.6g %.4f", gamma, widths[i], Math.exp(ds),
                        Math.exp(dm), ntk));
            }
            int depth = ((Number) base.get("depth")).intValue();
            double predictedMin = gamma < 1 ? -(1 - gamma) * (depth - 1) / 2 : 0;
            out.println(String.format(Locale.ROOT,
                    "slopes gamma=%.3f d_saddle fitted=%.3f theorem=%.3f d_minimum fitted=%.3f theorem=%.3f", gamma,
                    Fit.slope(logWidths, logs[0]), (1 - gamma) / 2, Fit.slope(logWidths, logs[1]), predictedMin));
        }
        return 0;
    }
}
