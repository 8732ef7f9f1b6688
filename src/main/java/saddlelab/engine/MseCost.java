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
            // (four sums at a time: independent chains, each still in order of m; see LossGradient)
            double scale = 2.0 / n;
            for (int i = 0; i < nL; i++) {
                int ro = i * n;
                int j = 0;
                for (; j + 3 < n0; j += 4) {
                    int x0 = j * n;
                    int x1 = x0 + n;
                    int x2 = x1 + n;
                    int x3 = x2 + n;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int m = 0; m < n; m++) {
                        double r = residual[ro + m];
                        s0 = r * x[x0 + m] + s0;
                        s1 = r * x[x1 + m] + s1;
                        s2 = r * x[x2 + m] + s2;
                        s3 = r * x[x3 + m] + s3;
                    }
                    gradient[i * n0 + j] = scale * s0;
                    gradient[i * n0 + j + 1] = scale * s1;
                    gradient[i * n0 + j + 2] = scale * s2;
                    gradient[i * n0 + j + 3] = scale * s3;
                }
                for (; j < n0; j++) {
                    int xo = j * n;
                    double s = 0;
                    for (int m = 0; m < n; m++) {
                        s = residual[ro + m] * x[xo + m] + s;
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
