package saddlelab.experiment.readings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

/** Theorem 1 (paper §3, appendix B.2) and the NTK at initialization (§4). */
class GeometryTest {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,"
            + "\"seed\":1},\"depth\":4,\"width\":%d,\"init\":{\"gamma\":%s},\"learningRate\":0.1,\"steps\":1,\"seed\":%d}";
    /**
     * Theorem 1 is asymptotic in w at fixed n_0, n_L; the thin side of W_{L−1}⋯W_1 (n_0 columns)
     * brings corrections of order sqrt(n_0/w), so the slopes are measured on a 2×2 regression task
     * and wide networks.
     */
    static final String SMALL = "{\"task\":{\"type\":\"teacher\",\"inputs\":2,\"outputs\":2,\"teacherDiagonal\":[1,2],"
            + "\"train\":50,\"seed\":1},\"depth\":4,\"width\":%d,\"init\":{\"gamma\":%s},\"learningRate\":0.1,"
            + "\"steps\":1,\"seed\":%d}";
    static final int[] WIDTHS = {128, 256, 512, 1024, 2048};
    static final int SEEDS = 2;

    /** Mean over seeds of {d_s, d_m, NTK mean diagonal / expectation} at each width. */
    static double[][] measure(double gamma) {
        double[][] out = new double[3][WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            for (int seed = 1; seed <= SEEDS; seed++) {
                ExperimentSpec spec = ExperimentSpec.parse(String.format(SMALL, WIDTHS[i], NumberText.format(gamma), seed));
                Cost cost = Tasks.build(spec, seed);
                DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
                Run.initialize(net, spec, seed);
                out[0][i] += Math.log(Geometry.distanceToSaddle(net)) / SEEDS;
                out[1][i] += Math.log(Geometry.distanceToMinimum(net, Geometry.minimizer(cost))) / SEEDS;
                out[2][i] += Geometry.ntkMeanDiagonal(net) / Geometry.expectedNtk(4, WIDTHS[i], gamma) / SEEDS;
            }
        }
        return out;
    }

    static double slope(double[] logValues) {
        double[] logWidths = new double[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            logWidths[i] = Math.log(WIDTHS[i]);
        }
        return Fit.slope(logWidths, logValues);
    }

    @Test
    void distancesScaleAsTheoremOneSays() {
        int depth = 4;
        for (double gamma : new double[] {0.8, 2.0}) {
            double[][] m = measure(gamma);
            double saddleExponent = (1 - gamma) / 2; // d_s ≍ w^((1−γ)/2) in both regimes
            double minimumExponent = gamma < 1 ? -(1 - gamma) * (depth - 1) / 2 : 0;
            assertEquals(saddleExponent, slope(m[0]), 0.1, "γ = " + gamma + ": slope of d_s");
            assertEquals(minimumExponent, slope(m[1]), 0.1, "γ = " + gamma + ": slope of d_m");
            // the NTK concentrates around L·w^((1−γ)(L−1)) as w grows
            assertEquals(1.0, m[2][WIDTHS.length - 1], 0.1, "γ = " + gamma + ": NTK / expectation at the largest width");
        }
    }

    @Test
    void ntkChangeIsRelativeAndVanishesWithoutChange() {
        ExperimentSpec spec = ExperimentSpec.parse(String.format(SPEC, 20, "1", 1));
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, 1);
        assertEquals(0.0, Geometry.ntkRelativeChange(net, net.copy()), 1e-12);
        DeepLinearNetwork doubled = net.copy();
        for (int l = 1; l <= doubled.depth(); l++) {
            for (double[] row : doubled.rows(l)) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= Math.pow(2, 1.0 / 3); // every layer ×2^(1/3): Θ scales by 2^(2·3/3)=4
                }
            }
        }
        assertEquals(3.0, Geometry.ntkRelativeChange(net, doubled), 1e-9);
    }

    @Test
    void constructedPointsAreWhatTheySayTheyAre() {
        ExperimentSpec spec = ExperimentSpec.parse(String.format(SPEC, 12, "1", 2));
        Cost cost = Tasks.build(spec, 2);
        DeepLinearNetwork net = new DeepLinearNetwork(spec.layerWidths());
        Run.initialize(net, spec, 2);
        double[] target = Geometry.minimizer(cost);
        assertEquals(0.0, cost.evaluate(target, null), 1e-20, "A* is a global minimizer");
        double[] u = new double[10 * 10];
        double[] v = new double[10 * 10];
        double[] s = Geometry.thinSvd(target, 10, 10, u, v);
        for (int i = 0; i < 10; i++) { // U S Vᵀ = A*
            for (int j = 0; j < 10; j++) {
                double x = 0;
                for (int k = 0; k < 10; k++) {
                    x += u[i * 10 + k] * s[k] * v[j * 10 + k];
                }
                assertEquals(target[i * 10 + j], x, 1e-9);
            }
        }
        assertTrue(Geometry.distanceToMinimum(net, target) > 0);
    }
}
