package saddlelab.experiment.readings;

import saddlelab.engine.DetMath;

/** Least-squares line fits, for the lab's measured exponents and speeds. */
public final class Fit {
    private Fit() {
    }

    /** Slope of the least-squares line through (x_i, y_i); NaN with fewer than two distinct x. */
    public static double slope(double[] x, double[] y) {
        int n = x.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        double denominator = n * sxx - sx * sx;
        return denominator > 0 ? (n * sxy - sx * sy) / denominator : Double.NaN;
    }

    /** Slope of log y against log x: the exponent of a power law y ∝ x^p. */
    public static double logLogSlope(double[] x, double[] y) {
        double[] lx = new double[x.length];
        double[] ly = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            lx[i] = DetMath.log(x[i]);
            ly[i] = DetMath.log(y[i]);
        }
        return slope(lx, ly);
    }
}
