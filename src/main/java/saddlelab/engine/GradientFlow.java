package saddlelab.engine;

/**
 * Gradient flow {@code θ' = −∇L(θ)} (the paper's object, §2.1) integrated by the embedded
 * Dormand–Prince 5(4) pair with error control. Near a saddle the flow is slow and smooth, so the
 * controller takes long steps and crosses escape times of order {@code α^−(L−2)} (or {@code −log α}
 * for L = 2) in few steps, where fixed-step descent would need billions.
 *
 * <p>The local error is measured normwise relative to {@code ‖θ‖}, which keeps the escape from a
 * tiny initialization accurate. Deterministic like the rest of the engine: the step-size factor
 * uses {@link DetMath#pow}. This class is the step-size control; the vector work is its
 * {@link FlowBackend}'s (the Java engine's arrays, or the browser's kernel), with the same bits on each.
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

    /** Row i (i = 2 … 7) of the tableau, a_ij at index j (index 0 unused); row 7 gives the 5th-order solution. */
    static final double[][] A = {null, null, {0, A21}, {0, A31, A32}, {0, A41, A42, A43}, {0, A51, A52, A53, A54},
        {0, A61, A62, A63, A64, A65}, {0, A71, 0, A73, A74, A75, A76}};
    /** The error weights of k_1, k_3, k_4, k_5, k_6, k_7 (k_2's is 0). */
    static final double[] E = {E1, E3, E4, E5, E6, E7};
    /** The dense output's weights of k_1, k_3, k_4, k_5, k_6, k_7. */
    static final double[] D = {D1, D3, D4, D5, D6, D7};

    private final FlowBackend backend;
    private final double tolerance;
    private final double[] norms = new double[3];
    private double previousTime;
    private double lastStep;
    private double time;
    private double h;
    private boolean haveFirstStage;
    private int accepted;
    private int rejected;
    /** L at the current state (known from the last gradient evaluation there; NaN before the first step). */
    private double loss = Double.NaN;

    /**
     * @param net        the state θ, advanced in place
     * @param tolerance  relative local error per step (e.g. 1e-6)
     * @param firstStep  initial step-size guess (the controller adapts it)
     */
    public GradientFlow(DeepLinearNetwork net, Cost cost, double tolerance, double firstStep) {
        this(FlowBackend.of(net, cost), tolerance, firstStep);
    }

    /** The flow with its vector work done by {@code backend} (the same bits on every backend). */
    public GradientFlow(FlowBackend backend, double tolerance, double firstStep) {
        this.backend = backend;
        this.tolerance = tolerance;
        this.h = firstStep;
    }

    /** Where θ and the stages live: sync, snapshot and the engine's name. */
    public FlowBackend backend() {
        return backend;
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
        backend.interpolate(s, hh, out);
    }

    /** L(θ) at the current state (known from the last gradient evaluation there; NaN before the first step). */
    public double loss() {
        return loss;
    }

    /**
     * Takes one accepted step, never past {@code tEnd}; returns false if the step size collapsed or
     * the state became non-finite (the flow blew up).
     */
    public boolean step(double tEnd) {
        if (!haveFirstStage) {
            loss = backend.start();
            haveFirstStage = true;
        }
        while (true) {
            double hh = Math.min(h, tEnd - time);
            boolean clipped = hh < h;
            if (!(hh > 0)) {
                return true;
            }
            double stageLoss = Double.NaN;
            for (int i = 2; i <= 7; i++) {
                stageLoss = backend.stage(i, hh); // the 7th: at the 5th-order solution (the FSAL point)
            }
            // ‖error‖ / (tol · max(‖θ‖, ‖θ_new‖))
            backend.error(hh, norms);
            double err2 = norms[0];
            double y2 = norms[1];
            double n2 = norms[2];
            double scale = tolerance * Math.sqrt(Math.max(y2, n2)) + 1e-300;
            double err = Math.sqrt(err2) / scale;
            if (!(err == err) || !(n2 < Double.POSITIVE_INFINITY) || !(err < Double.POSITIVE_INFINITY)) {
                // the trial overflowed. θ is finite and the flow descends L, so it stays bounded (§2.1's
                // conserved W_{l+1}ᵀW_{l+1} − W_l W_lᵀ): the step was too long, not the flow unbounded
                rejected++;
                h = hh * 0.2;
                if (h < 1e-300) {
                    return false;
                }
                continue;
            }
            // step-size factor 0.9·err^(−1/5), kept within [0.2, 5]
            double factor = err == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * DetMath.pow(err, -0.2)));
            if (err <= 1) {
                backend.accept();
                previousTime = time;
                lastStep = hh;
                loss = stageLoss; // the 7th stage was evaluated at the new state
                time = clipped ? tEnd : time + hh;
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
