package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Cost;
import saddlelab.engine.Rng;
import saddlelab.engine.Svd;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Tasks;

/**
 * The nuclear-norm baseline against its optimality conditions on seeded completion and sensing tasks: its
 * end point fits the observations, carries a subgradient certificate (Y = −∇C(A)/λ with P_T(Y) = UVᵀ and
 * ‖P_T⊥(Y)‖_op ≤ 1, so A minimizes C + λ‖·‖*), and no other interpolant has a smaller nuclear norm: not A*,
 * not A plus random directions the observations do not see, and not the deep network's own final A.
 */
class NuclearNormBaselineTest {
    static String task(Rng rng, long seed) {
        int rows = 4 + rng.nextInt(6);
        int cols = 4 + rng.nextInt(6);
        int rank = 1 + rng.nextInt(2);
        if (rng.nextDouble() < 0.5) {
            return String.format(Locale.ROOT, "{\"type\":\"completion\",\"rows\":%d,\"cols\":%d,\"rank\":%d,\"observed\":%.2f,"
                    + "\"seed\":%d}", rows, cols, rank, 0.6 + 0.3 * rng.nextDouble(), seed);
        }
        int m = (int) ((rows + cols) * rank * (2 + rng.nextDouble()));
        return String.format(Locale.ROOT, "{\"type\":\"sensing\",\"rows\":%d,\"cols\":%d,\"rank\":%d,\"measurements\":%d,"
                + "\"seed\":%d}", rows, cols, rank, Math.min(m, rows * cols - 1), seed);
    }

    static ExperimentSpec spec(String task) {
        return ExperimentSpec.parse("{\"task\":" + task + ",\"depth\":4,\"width\":20,\"init\":{\"gamma\":2},"
                + "\"learningRate\":0.02,\"steps\":20000,\"seed\":1,\"records\":100}");
    }

    static double nuclear(double[] a, int rows, int cols) {
        double s = 0;
        for (double v : Svd.singularValues(a, rows, cols)) {
            s += v;
        }
        return s;
    }

    @Test
    void theBaselineFitsCarriesACertificateAndNoInterpolantHasASmallerNuclearNorm() {
        List<String> failures = new ArrayList<>();
        int cases = 24;
        for (long seed = 1; seed <= cases; seed++) {
            Rng rng = new Rng(500 + seed);
            String task = task(rng, seed);
            ExperimentSpec spec = spec(task);
            Cost cost = Tasks.build(spec, 1);
            int rows = cost.outputs();
            int cols = cost.inputs();
            NuclearNormBaseline.Result r = NuclearNormBaseline.of(cost);
            StringBuilder why = new StringBuilder();
            double c0 = cost.evaluate(new double[rows * cols], null);
            if (!(r.trainLoss <= 1e-8 * c0)) {
                why.append(" does not fit: train ").append(r.trainLoss);
            }
            // the certificate: −∇C(A)/λ on the regularized path (sensing), the constraint's multiplier (completion)
            int k = r.rank;
            double[] u = new double[rows * k];
            double[] v = new double[cols * k];
            Svd.topPairs(r.a, rows, cols, k, u, v);
            double[] y = r.certificate;
            if (cost instanceof CompletionCost c) {
                boolean[] on = new boolean[rows * cols];
                for (int o : c.observed()) {
                    on[o] = true;
                }
                for (int e = 0; e < y.length; e++) {
                    if (!on[e] && y[e] != 0) {
                        why.append(" the certificate is not supported on the observed entries;");
                        break;
                    }
                }
            }
            // P_T⊥(Y) = (I − UUᵀ) Y (I − VVᵀ); P_T(Y) = Y − P_T⊥(Y)
            double[] pu = project(y, u, rows, cols, k, true);
            double[] perp = project(pu, v, rows, cols, k, false);
            double tangentError = 0;
            double uvNorm = 0;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double uv = 0;
                    for (int q = 0; q < k; q++) {
                        uv += u[i * k + q] * v[j * k + q];
                    }
                    double d = y[i * cols + j] - perp[i * cols + j] - uv;
                    tangentError += d * d;
                    uvNorm += uv * uv;
                }
            }
            double opNorm = Svd.singularValues(perp, rows, cols)[0];
            // at λ = 1e-7 of its start, A's stopping error of 1e-10 (relative) shows in −∇C/λ at about 1e-3
            if (!(Math.sqrt(tangentError) <= 5e-3 * Math.sqrt(uvNorm)) || !(opNorm <= 1 + 5e-3)) {
                why.append(String.format(Locale.ROOT, " certificate: ‖P_T(Y) − UVᵀ‖ = %.3g, ‖P_T⊥(Y)‖ = %.4f;",
                        Math.sqrt(tangentError), opNorm));
            }
            double mine = r.nuclearNorm;
            double[] target = cost instanceof CompletionCost ? ((CompletionCost) cost).target()
                    : ((saddlelab.engine.SensingCost) cost).target();
            if (!(mine <= nuclear(target, rows, cols) * (1 + 1e-6))) {
                why.append(" A*'s nuclear norm is smaller: ").append(nuclear(target, rows, cols)).append(" < ").append(mine);
            }
            // other interpolants: A + N, N invisible to the observations (completion: on the hidden entries)
            if (cost instanceof CompletionCost c) {
                boolean[] seen = new boolean[rows * cols];
                for (int o : c.observed()) {
                    seen[o] = true;
                }
                for (int t = 0; t < 10; t++) {
                    double[] other = r.a.clone();
                    for (int e = 0; e < other.length; e++) {
                        if (!seen[e]) {
                            other[e] += (t + 1) * 0.05 * rng.nextGaussian();
                        }
                    }
                    if (nuclear(other, rows, cols) < mine * (1 - 1e-6)) {
                        why.append(" a perturbed interpolant has a smaller nuclear norm;");
                    }
                }
            }
            if (seed <= 6) { // the deep network's own final A, where it interpolates
                Run run = new Run(spec, 0).complete();
                double[] net = run.network().product();
                if (cost.evaluate(net, null) <= 1e-8 * c0 && !(nuclear(net, rows, cols) >= mine * (1 - 1e-6))) {
                    why.append(" the network's A has a smaller nuclear norm;");
                }
            }
            if (why.length() > 0) {
                failures.add("seed " + seed + " " + task + ":" + why);
            }
        }
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** (I − QQᵀ) applied on the left ({@code left}) or on the right of the row-major matrix m. */
    static double[] project(double[] m, double[] q, int rows, int cols, int k, boolean left) {
        double[] out = m.clone();
        if (left) {
            for (int j = 0; j < cols; j++) {
                for (int p = 0; p < k; p++) {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) {
                        dot += q[i * k + p] * m[i * cols + j];
                    }
                    for (int i = 0; i < rows; i++) {
                        out[i * cols + j] -= q[i * k + p] * dot;
                    }
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < k; p++) {
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += m[i * cols + j] * q[j * k + p];
                    }
                    for (int j = 0; j < cols; j++) {
                        out[i * cols + j] -= dot * q[j * k + p];
                    }
                }
            }
        }
        return out;
    }
}
