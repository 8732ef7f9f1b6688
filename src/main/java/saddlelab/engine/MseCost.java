package saddlelab.engine;

/**
 * Teacher–student regression, {@code C(A) = 1/N ‖AX − Y‖²_F} (paper §2.1), with an optional
 * noiseless test set {@code (X_test, Y_test)}. X is {@code n0 × N}, Y is {@code nL × N}, row-major.
 */
public final class MseCost implements Cost {
    private final int n0;
    private final int nL;
    private final int n;
    private final double[] x;
    private final double[] y;
    private final int nTest;
    private final double[] xTest;
    private final double[] yTest;
    private final double[] residual;
    private final double[] testResidual;

    public MseCost(int inputs, int outputs, double[] x, double[] y, int train, double[] xTest, double[] yTest,
            int test) {
        this.n0 = inputs;
        this.nL = outputs;
        this.n = train;
        this.x = x;
        this.y = y;
        this.nTest = test;
        this.xTest = xTest;
        this.yTest = yTest;
        this.residual = new double[outputs * train];
        this.testResidual = new double[outputs * Math.max(test, 0)];
    }

    @Override
    public int outputs() {
        return nL;
    }

    @Override
    public int inputs() {
        return n0;
    }

    public double[] inputsMatrix() {
        return x;
    }

    public double[] targets() {
        return y;
    }

    public int trainSize() {
        return n;
    }

    @Override
    public double evaluate(double[] a, double[] gradient) {
        double loss = residual(a, x, y, n, residual) / n;
        if (gradient != null) {
            // G = ∂C/∂A = 2/N · R Xᵀ
            double scale = 2.0 / n;
            for (int i = 0; i < nL; i++) {
                int ro = i * n;
                for (int j = 0; j < n0; j++) {
                    int xo = j * n;
                    double s = 0;
                    for (int m = 0; m < n; m++) {
                        s += residual[ro + m] * x[xo + m];
                    }
                    gradient[i * n0 + j] = scale * s;
                }
            }
        }
        return loss;
    }

    /** R = A X − Y; returns ‖R‖²_F. */
    private double residual(double[] a, double[] xs, double[] ys, int count, double[] r) {
        double sum = 0;
        for (int i = 0; i < nL; i++) {
            int ro = i * count;
            for (int m = 0; m < count; m++) {
                r[ro + m] = -ys[ro + m];
            }
            for (int j = 0; j < n0; j++) {
                double aij = a[i * n0 + j];
                int xo = j * count;
                for (int m = 0; m < count; m++) {
                    r[ro + m] += aij * xs[xo + m];
                }
            }
            for (int m = 0; m < count; m++) {
                double v = r[ro + m];
                sum += v * v;
            }
        }
        return sum;
    }

    @Override
    public double testLoss(double[] a) {
        if (nTest <= 0) {
            return Double.NaN;
        }
        return residual(a, xTest, yTest, nTest, testResidual) / nTest;
    }

    @Override
    public double zeroTestLoss() {
        if (nTest <= 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : yTest) {
            s += v * v;
        }
        return s / nTest;
    }
}
