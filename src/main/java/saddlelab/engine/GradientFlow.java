package saddlelab.engine;

/**
 * Gradient flow {@code θ' = −∇L(θ)} (the paper's object, §2.1) integrated by the embedded
 * Dormand–Prince 5(4) pair with error control. Near a saddle the flow is slow and smooth, so the
 * controller takes long steps and crosses escape times of order {@code α^−(L−2)} (or {@code −log α}
 * for L = 2) in few steps, where fixed-step descent would need billions.
 *
 * <p>The local error is measured normwise relative to {@code ‖θ‖}, which keeps the escape from a
 * tiny initialization accurate. Deterministic like the rest of the engine: the step-size factor
 * uses {@link DetMath#pow}.
 */
public final class GradientFlow {
    // Dormand–Prince 5(4) tableau.
    private static final double C2 = 1.0 / 5;
    private static final double C3 = 3.0 / 10;
    private static final double C4 = 4.0 / 5;
    private static final double C5 = 8.0 / 9;
    private static final double A21 = 1.0 / 5;
    private static final double A31 = 3.0 / 40;
    private static final double A32 = 9.0 / 40;
    private static final double A41 = 44.0 / 45;
    private static final double A42 = -56.0 / 15;
    private static final double A43 = 32.0 / 9;
    private static final double A51 = 19372.0 / 6561;
    private static final double A52 = -25360.0 / 2187;
    private static final double A53 = 64448.0 / 6561;
    private static final double A54 = -212.0 / 729;
    private static final double A61 = 9017.0 / 3168;
    private static final double A62 = -355.0 / 33;
    private static final double A63 = 46732.0 / 5247;
    private static final double A64 = 49.0 / 176;
    private static final double A65 = -5103.0 / 18656;
    private static final double A71 = 35.0 / 384;
    private static final double A73 = 500.0 / 1113;
    private static final double A74 = 125.0 / 192;
    private static final double A75 = -2187.0 / 6784;
    private static final double A76 = 11.0 / 84;
    // error estimate: 5th- minus 4th-order weights
    private static final double E1 = 71.0 / 57600;
    private static final double E3 = -71.0 / 16695;
    private static final double E4 = 71.0 / 1920;
    private static final double E5 = -17253.0 / 339200;
    private static final double E6 = 22.0 / 525;
    private static final double E7 = -1.0 / 40;
    // dense output (Hairer, Nørsett & Wanner, the DOPRI5 code's continuous extension of order 4)
    private static final double D1 = -12715105075.0 / 11282082432.0;
    private static final double D3 = 87487479700.0 / 32700410799.0;
    private static final double D4 = -10690763975.0 / 1880347072.0;
    private static final double D5 = 701980252875.0 / 199316789632.0;
    private static final double D6 = -1453857185.0 / 822651844.0;
    private static final double D7 = 69997945.0 / 29380423.0;

    private final DeepLinearNetwork net;
    private final DeepLinearNetwork probe;
    /** θ at the start of the last accepted step, for the dense output. */
    private final DeepLinearNetwork previous;
    private double previousTime;
    private double lastStep;
    private final LossGradient probeKernel;
    private final double tolerance;
    private final double[][][] k = new double[8][][];
    private final int[] cols;
    private double time;
    private double h;
    private boolean haveFirstStage;
    private int accepted;
    private int rejected;
    /** L at the current state, and at the last stage evaluated (the FSAL point once accepted). */
    private double loss = Double.NaN;
    private double stageLoss = Double.NaN;

    /**
     * @param net        the state θ, advanced in place
     * @param tolerance  relative local error per step (e.g. 1e-6)
     * @param firstStep  initial step-size guess (the controller adapts it)
     */
    public GradientFlow(DeepLinearNetwork net, Cost cost, double tolerance, double firstStep) {
        this.net = net;
        this.probe = net.copy();
        this.previous = net.copy();
        this.probeKernel = new LossGradient(probe, cost);
        this.tolerance = tolerance;
        this.h = firstStep;
        for (int i = 1; i <= 7; i++) {
            k[i] = net.newParameterVector();
        }
        this.cols = new int[net.depth()];
        for (int l = 1; l <= net.depth(); l++) {
            cols[l - 1] = net.width(l - 1);
        }
    }

    public double time() {
        return time;
    }

    public int acceptedSteps() {
        return accepted;
    }

    public int rejectedSteps() {
        return rejected;
    }

    /** The current step-size proposal. */
    public double stepSize() {
        return h;
    }

    /** The time at the start of the last accepted step. */
    public double previousTime() {
        return previousTime;
    }

    /**
     * θ(t) for a time t in the last accepted step [{@link #previousTime}, {@link #time}], by the method's
     * dense output: with s = (t − t₀)/h, y₀ and y₁ the ends, f₀ and f₁ the velocities there,
     * {@code y(s) = y₀ + s(Δ + (1−s)(hf₀ − Δ + s((Δ − hf₁ − (hf₀ − Δ)) + (1−s)·h·Σ d_j k_j)))}, Δ = y₁ − y₀:
     * it matches both ends and both slopes and is of order 4 inside. Only valid until the next step.
     */
    public void interpolate(double t, DeepLinearNetwork out) {
        double hh = lastStep;
        double s = hh > 0 ? (t - previousTime) / hh : 1;
        double[][] f0 = k[7]; // after the FSAL swap: the velocity at the step's start
        double[][] f1 = k[1]; // and at its end
        for (int l = 1; l <= net.depth(); l++) {
            double[][] y0 = previous.rows(l);
            double[][] y1 = net.rows(l);
            double[][] o = out.rows(l);
            int c = cols[l - 1];
            for (int i = 0; i < y0.length; i++) {
                int base = i * c;
                for (int m = 0; m < c; m++) {
                    int q = base + m;
                    double diff = y1[i][m] - y0[i][m];
                    double bspl = hh * f0[l - 1][q] - diff;
                    double r4 = diff - hh * f1[l - 1][q] - bspl;
                    double r5 = hh * (D1 * f0[l - 1][q] + D3 * k[3][l - 1][q] + D4 * k[4][l - 1][q]
                            + D5 * k[5][l - 1][q] + D6 * k[6][l - 1][q] + D7 * f1[l - 1][q]);
                    o[i][m] = y0[i][m] + s * (diff + (1 - s) * (bspl + s * (r4 + (1 - s) * r5)));
                }
            }
        }
    }

    /** L(θ) at the current state (known from the last gradient evaluation there; NaN before the first step). */
    public double loss() {
        return loss;
    }

    /** f(probe) = −∇L(probe) into out. */
    private void velocity(double[][] out) {
        stageLoss = probeKernel.gradient(out);
        for (double[] layer : out) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = -layer[i];
            }
        }
    }

    /** probe = θ + h·Σ_j a_j k_j (sum in order of j). */
    private void stagePoint(double hh, double[] a, int stages) {
        for (int l = 1; l <= net.depth(); l++) {
            double[][] y = net.rows(l);
            double[][] p = probe.rows(l);
            int c = cols[l - 1];
            for (int i = 0; i < y.length; i++) {
                double[] yi = y[i];
                double[] pi = p[i];
                int o = i * c;
                for (int m = 0; m < c; m++) {
                    double s = 0;
                    for (int j = 1; j <= stages; j++) {
                        s = s + a[j] * k[j][l - 1][o + m];
                    }
                    pi[m] = yi[m] + hh * s;
                }
            }
        }
    }

    /**
     * Takes one accepted step, never past {@code tEnd}; returns false if the step size collapsed or
     * the state became non-finite (the flow blew up).
     */
    public boolean step(double tEnd) {
        if (!haveFirstStage) {
            probe.copyFrom(net);
            velocity(k[1]);
            loss = stageLoss;
            haveFirstStage = true;
        }
        double[] a2 = {0, A21};
        double[] a3 = {0, A31, A32};
        double[] a4 = {0, A41, A42, A43};
        double[] a5 = {0, A51, A52, A53, A54};
        double[] a6 = {0, A61, A62, A63, A64, A65};
        double[] a7 = {0, A71, 0, A73, A74, A75, A76};
        while (true) {
            double hh = Math.min(h, tEnd - time);
            boolean clipped = hh < h;
            if (!(hh > 0)) {
                return true;
            }
            stagePoint(hh, a2, 1);
            velocity(k[2]);
            stagePoint(hh, a3, 2);
            velocity(k[3]);
            stagePoint(hh, a4, 3);
            velocity(k[4]);
            stagePoint(hh, a5, 4);
            velocity(k[5]);
            stagePoint(hh, a6, 5);
            velocity(k[6]);
            stagePoint(hh, a7, 6); // the 5th-order solution (FSAL point)
            velocity(k[7]);
            // ‖error‖ / (tol · max(‖θ‖, ‖θ_new‖))
            double err2 = 0;
            double y2 = 0;
            double n2 = 0;
            for (int l = 1; l <= net.depth(); l++) {
                double[][] y = net.rows(l);
                double[][] p = probe.rows(l);
                int c = cols[l - 1];
                for (int i = 0; i < y.length; i++) {
                    int o = i * c;
                    for (int m = 0; m < c; m++) {
                        int q = o + m;
                        double e = hh * (E1 * k[1][l - 1][q] + E3 * k[3][l - 1][q] + E4 * k[4][l - 1][q]
                                + E5 * k[5][l - 1][q] + E6 * k[6][l - 1][q] + E7 * k[7][l - 1][q]);
                        err2 += e * e;
                        y2 += y[i][m] * y[i][m];
                        n2 += p[i][m] * p[i][m];
                    }
                }
            }
            double scale = tolerance * Math.sqrt(Math.max(y2, n2)) + 1e-300;
            double err = Math.sqrt(err2) / scale;
            if (!(err == err) || !(n2 < Double.POSITIVE_INFINITY)) {
                return false;
            }
            // step-size factor 0.9·err^(−1/5), kept within [0.2, 5]
            double factor = err == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * DetMath.pow(err, -0.2)));
            if (err <= 1) {
                previous.copyFrom(net);
                previousTime = time;
                lastStep = hh;
                net.copyFrom(probe);
                loss = stageLoss; // the 7th stage was evaluated at the new state
                time = clipped ? tEnd : time + hh;
                double[][] swap = k[1];
                k[1] = k[7];
                k[7] = swap;
                accepted++;
                if (!clipped) {
                    h = hh * factor;
                } else {
                    h = Math.max(h, hh * factor);
                }
                return true;
            }
            rejected++;
            h = hh * factor;
            if (h < 1e-300) {
                return false;
            }
        }
    }
}
