package saddlelab.experiment.run;

import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;
import saddlelab.engine.Rng;

/**
 * The learning rate to suggest after a divergence: gradient descent is stable near θ only for
 * {@code η < 2/λ_max(∇²L(θ))}. λ_max comes from power iteration with Hessian–vector products
 * taken as central differences of the gradient; only called once a run has diverged.
 */
final class SafeLearningRate {
    private SafeLearningRate() {
    }

    static double sharpness(DeepLinearNetwork at, Cost cost) {
        DeepLinearNetwork probe = at.copy();
        LossGradient lossGradient = new LossGradient(probe, cost);
        double[][] v = probe.newParameterVector();
        double[][] gPlus = probe.newParameterVector();
        double[][] gMinus = probe.newParameterVector();
        Rng rng = new Rng(12345);
        for (double[] layer : v) {
            rng.fillGaussian(layer, 1.0);
        }
        normalize(v);
        double h = 1e-5 * Math.max(1.0, at.norm());
        double lambda = Double.NaN;
        for (int it = 0; it < 40; it++) {
            probe.copyFrom(at);
            probe.addScaled(h, v);
            lossGradient.gradient(gPlus);
            probe.copyFrom(at);
            probe.addScaled(-h, v);
            lossGradient.gradient(gMinus);
            // Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / 2h
            for (int l = 0; l < v.length; l++) {
                for (int k = 0; k < v[l].length; k++) {
                    gPlus[l][k] = (gPlus[l][k] - gMinus[l][k]) / (2 * h);
                }
            }
            double rayleigh = 0;
            for (int l = 0; l < v.length; l++) {
                for (int k = 0; k < v[l].length; k++) {
                    rayleigh += v[l][k] * gPlus[l][k];
                }
            }
            double norm = Math.sqrt(DeepLinearNetwork.squaredNorm(gPlus));
            if (!(norm > 0) || norm - norm != 0) {
                break;
            }
            lambda = Math.abs(rayleigh);
            for (int l = 0; l < v.length; l++) {
                for (int k = 0; k < v[l].length; k++) {
                    v[l][k] = gPlus[l][k] / norm;
                }
            }
        }
        return lambda;
    }

    private static void normalize(double[][] v) {
        double n = Math.sqrt(DeepLinearNetwork.squaredNorm(v));
        for (double[] layer : v) {
            for (int k = 0; k < layer.length; k++) {
                layer[k] /= n;
            }
        }
    }

    /**
     * The sharpness of a balanced global minimum, where gradient descent ends: for A = S u vᵀ (its top
     * singular value S) split evenly over L layers, the top Hessian eigenvalue is
     * {@code L·S^(2−2/L)·λ_max(∇²C)}, with {@code ∇²C} = 2/N on the observed entries (completion) or
     * {@code 2XXᵀ/N} (regression). Descent is stable near the minimum for {@code η < 2/λ}.
     */
    static double minimumSharpness(Cost cost, int depth, double scale) {
        double curvature;
        if (cost instanceof saddlelab.engine.CompletionCost) {
            curvature = 2.0 / ((saddlelab.engine.CompletionCost) cost).observed().length;
        } else if (cost instanceof saddlelab.engine.MseCost) {
            saddlelab.engine.MseCost mse = (saddlelab.engine.MseCost) cost;
            double s = saddlelab.engine.Svd.topSingularValue(mse.inputsMatrix(), mse.inputs(), mse.trainSize());
            curvature = 2 * s * s / mse.trainSize();
        } else {
            return Double.NaN;
        }
        return depth * saddlelab.engine.DetMath.pow(scale, 2 - 2.0 / depth) * curvature;
    }

    /** min(1/λ, η/2): half the stability limit, and always below the rate that failed. */
    static double suggest(double eta, double lambda) {
        double s = eta / 2;
        if (lambda > 0 && lambda - lambda == 0) {
            s = Math.min(s, 1.0 / lambda);
        }
        return round2(s);
    }

    /** Rounds down to two significant digits, for a readable suggestion. */
    static double round2(double x) {
        if (!(x > 0) || x - x != 0) {
            return x;
        }
        double scale = 1;
        while (x * scale < 10) {
            scale *= 10;
        }
        while (x * scale >= 100) {
            scale /= 10;
        }
        return Math.floor(x * scale) / scale;
    }
}
