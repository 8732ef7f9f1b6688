package saddlelab.engine;

/**
 * {@link OptimizerStepper}'s optimizers in the WebAssembly kernel, the same bits: θ, the velocity −g and the
 * optimizer's state (momentum's velocity, Adam's two moments) live in the kernel's linear memory beside each
 * other for the whole run, and a step is two calls: the gradient (the kernel's {@code velocity}, or for a
 * minibatch one forward pass with both costs evaluated in Java on its A, see
 * {@link KernelLayout#evaluateBatch}), then {@code optimize}, which applies the rule entry by entry.
 * The host keeps β₁ᵗ and β₂ᵗ by repeated multiplication, as the Java engine does.
 *
 * <p>Layout: {@link KernelLayout}'s, then the blocks −g, the first moment and the second (only those the
 * rule uses), and a tail with the optimizer's table (the .wat files document its words).
 */
public final class KernelOptimizer extends KernelStore implements Stepper {
    /** Eight i32 words, then six f64. */
    private static final int TAIL = 32 + 8 * 6;
    private static final int DESCENT = 0;
    private static final int HEAVY_BALL = 1;
    private static final int NESTEROV = 2;
    private static final int ADAM = 3;

    private final Kernel kernel;
    private final OptimizerStepper.Settings s;
    private final Minibatch minibatch;
    private final int gradientOffset;
    private final int table;
    private final double[] batchLoss = {Double.NaN};
    private double beta1t = 1;
    private double beta2t = 1;

    /** @param batches the run's batch stream (used only with a minibatch) */
    public KernelOptimizer(String name, Kernel kernel, DeepLinearNetwork net, Cost cost, OptimizerStepper.Settings settings,
            Rng batches) {
        this(name, kernel, net, cost, settings, batches, new KernelLayout(kernel, net, cost, 1 + moments(settings), TAIL));
    }

    private KernelOptimizer(String name, Kernel kernel, DeepLinearNetwork net, Cost cost,
            OptimizerStepper.Settings settings, Rng batches, KernelLayout layout) {
        super(name, layout, net, layout.weights());
        this.kernel = kernel;
        this.s = settings;
        this.minibatch = settings.batch > 0 ? new Minibatch(cost, settings.batch, batches) : null;
        this.gradientOffset = layout.block(0) - layout.weights();
        this.table = layout.tail();
        int moments = moments(settings);
        int rule = settings.adam() ? ADAM : settings.momentum == 0 ? DESCENT : settings.nesterov ? NESTEROV : HEAVY_BALL;
        kernel.writeInts(table, new int[] {layout.blockBytes(), theta, layout.block(0),
            moments > 0 ? layout.block(1) : 0, moments > 1 ? layout.block(2) : 0, rule,
            settings.coupledDecay() ? 1 : 0, settings.decoupledDecay() ? 1 : 0});
        double beta = settings.adam() ? settings.beta1 : settings.momentum;
        kernel.write(table + 32, new double[] {settings.weightDecay, beta, 1 - settings.beta1, settings.beta2,
            1 - settings.beta2, settings.epsilon});
    }

    /** The blocks of the optimizer's state: Adam's two moments, momentum's velocity, or none. */
    private static int moments(OptimizerStepper.Settings settings) {
        return settings.adam() ? 2 : settings.momentum > 0 ? 1 : 0;
    }

    @Override
    public double step(double eta) {
        moved();
        double loss;
        if (minibatch != null) {
            minibatch.next();
            loss = layout.evaluateBatch(minibatch.cost(), gradientOffset, batchLoss);
        } else {
            loss = layout.evaluate(0, gradientOffset);
        }
        if (s.adam()) {
            beta1t = beta1t * s.beta1;
            beta2t = beta2t * s.beta2;
        }
        kernel.optimize(table, eta, 1 - beta1t, 1 - beta2t);
        return loss;
    }

    @Override
    public double lastBatchLoss() {
        return batchLoss[0];
    }
}
