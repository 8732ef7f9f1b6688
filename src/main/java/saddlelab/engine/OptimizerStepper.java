package saddlelab.engine;

/**
 * The optimizers beyond plain gradient descent, on the network's arrays (the Java engine; TeaVM's build of it
 * in the browser, the same bits): minibatch SGD with heavy-ball or Nesterov momentum, Adam with bias
 * correction and coupled L2 or decoupled (AdamW) weight decay, and weight decay on descent. With g the
 * gradient (of the batch's cost when {@code batch} > 0, see {@link Minibatch}) and λ the decay:
 *
 * <ul>
 * <li>coupled decay (gd, sgd, Adam with {@code decoupled} false): {@code g ← g + λθ};
 * <li>SGD (PyTorch's convention): {@code v ← βv + g}, then {@code θ ← θ − η·v} (heavy ball) or
 *     {@code θ ← θ − η·(g + βv)} (Nesterov); without momentum {@code θ ← θ − η·g}, which is gradient
 *     descent to the bit;
 * <li>Adam: {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²}, with {@code β₁ᵗ, β₂ᵗ} kept by repeated
 *     multiplication (no {@code pow}), {@code θ ← θ − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)}; decoupled decay
 *     first takes {@code θ ← θ − ηλθ}.
 * </ul>
 * Every operation is one of + − × ÷ √ on one entry at a time, each product and sum left-nested, so the bits
 * are the same on every runtime.
 * {@link #step} returns the full training loss before the step (what the run watches and records).
 */
public final class OptimizerStepper extends JavaStore implements Stepper {
    /** The optimizer's settings (the spec's {@code optimizer} object). */
    public static final class Settings {
        public final String type; // "gd", "sgd" or "adam"
        public final int batch; // 0: the full batch
        public final double momentum;
        public final boolean nesterov;
        public final double weightDecay;
        public final double beta1;
        public final double beta2;
        public final double epsilon;
        public final boolean decoupled;

        public Settings(String type, int batch, double momentum, boolean nesterov, double weightDecay, double beta1,
                double beta2, double epsilon, boolean decoupled) {
            this.type = type;
            this.batch = batch;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.weightDecay = weightDecay;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.decoupled = decoupled;
        }

        public boolean adam() {
            return type.equals("adam");
        }

        /** L2 decay in the gradient, {@code g ← g + λθ} (gd, SGD, and Adam unless decoupled). */
        public boolean coupledDecay() {
            return weightDecay != 0 && !(adam() && decoupled);
        }

        /** AdamW's decay, {@code θ ← θ − ηλθ} before Adam's update. */
        public boolean decoupledDecay() {
            return weightDecay != 0 && adam() && decoupled;
        }

        /** Plain full-batch gradient descent: the engine's own step (and the kernel's) does it. */
        public boolean plainDescent() {
            return (type.equals("gd") || type.equals("sgd")) && batch == 0 && momentum == 0 && weightDecay == 0;
        }
    }

    private final LossGradient full;
    private final LossGradient batched;
    private final Minibatch minibatch;
    private final Settings s;
    private final DeepLinearNetwork net;
    private final double[][] g;
    private final double[][] first; // velocity (SGD) or first moment (Adam)
    private final double[][] second; // Adam's second moment
    private double lastBatchLoss = Double.NaN;
    private double beta1t = 1;
    private double beta2t = 1;

    /** @param batches the run's batch stream (used only with a minibatch) */
    public OptimizerStepper(LossGradient lossGradient, Settings settings, Rng batches) {
        super(lossGradient.network());
        this.full = lossGradient;
        this.s = settings;
        this.net = lossGradient.network();
        this.minibatch = settings.batch > 0 ? new Minibatch(lossGradient.cost(), settings.batch, batches) : null;
        this.batched = minibatch != null ? new LossGradient(net, minibatch.cost()) : null;
        this.g = net.newParameterVector();
        boolean adam = settings.adam();
        this.first = adam || settings.momentum > 0 ? net.newParameterVector() : null;
        this.second = adam ? net.newParameterVector() : null;
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    /** The minibatch the last step used (null for the full batch). */
    public Minibatch minibatch() {
        return minibatch;
    }

    @Override
    public double step(double eta) {
        double loss;
        if (minibatch != null) {
            // one forward pass: the batch's gradient, then the full loss on the A it computed (the same bits as a
            // forward pass of its own, which the kernel's KernelLayout.evaluateBatch does not take either)
            minibatch.next();
            lastBatchLoss = batched.gradient(g);
            loss = full.cost().evaluate(batched.endToEnd(), null);
        } else {
            loss = full.gradient(g);
        }
        boolean adam = s.adam();
        double lambda = s.weightDecay;
        boolean coupled = s.coupledDecay();
        boolean decoupled = s.decoupledDecay();
        if (adam) {
            beta1t = beta1t * s.beta1;
            beta2t = beta2t * s.beta2;
        }
        double c1 = 1 - beta1t;
        double c2 = 1 - beta2t;
        for (int l = 1; l <= net.depth(); l++) {
            double[][] w = net.rows(l);
            int cols = net.width(l - 1);
            double[] gl = g[l - 1];
            double[] ml = first != null ? first[l - 1] : null;
            double[] vl = second != null ? second[l - 1] : null;
            for (int i = 0; i < w.length; i++) {
                double[] wi = w[i];
                int o = i * cols;
                for (int k = 0; k < cols; k++) {
                    double gk = gl[o + k];
                    if (coupled) {
                        gk = gk + lambda * wi[k];
                    }
                    if (adam) {
                        // every product and sum left-nested: TeaVM's JavaScript drops the parentheses of
                        // a * (b * c), which reassociates it (CrossEngineBrowserTest caught (1 − β₂)·(g·g))
                        double m = s.beta1 * ml[o + k] + (1 - s.beta1) * gk;
                        double v = s.beta2 * vl[o + k] + gk * gk * (1 - s.beta2);
                        ml[o + k] = m;
                        vl[o + k] = v;
                        double wk = wi[k];
                        if (decoupled) {
                            wk = wk - eta * lambda * wk;
                        }
                        wi[k] = wk - m / c1 * eta / (Math.sqrt(v / c2) + s.epsilon);
                    } else if (ml != null) {
                        double v = s.momentum * ml[o + k] + gk;
                        ml[o + k] = v;
                        wi[k] -= eta * (s.nesterov ? gk + s.momentum * v : v);
                    } else {
                        wi[k] -= eta * gk;
                    }
                }
            }
        }
        return loss;
    }
}
