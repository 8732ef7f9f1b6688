package saddlelab.engine;

import java.util.function.Supplier;

/**
 * A run's engine in a WebAssembly kernel: {@link KernelStepper} for descent, {@link KernelOptimizer} for the
 * other optimizers and {@link KernelFlow} for the flow, each on a fresh kernel instance; where the kernel's memory cannot grow to hold the run
 * ({@link Kernel#reserve} throws), the Java engine takes it instead, with the same bits.
 */
public final class KernelFactory implements Stepper.Factory {
    private final String name;
    private final Supplier<Kernel> kernels;

    /** @param name the kernel's name ("wasm-simd" or "wasm"), which the run reports as its engine */
    public KernelFactory(String name, Supplier<Kernel> kernels) {
        this.name = name;
        this.kernels = kernels;
    }

    @Override
    public Stepper create(LossGradient lossGradient) {
        try {
            return new KernelStepper(name, kernels.get(), lossGradient.network(), lossGradient.cost());
        } catch (IllegalStateException e) { // the kernel's memory cannot hold this run
            return Stepper.of(lossGradient);
        }
    }

    @Override
    public Stepper optimizer(LossGradient lossGradient, OptimizerStepper.Settings settings, Rng batches) {
        try {
            return new KernelOptimizer(name, kernels.get(), lossGradient.network(), lossGradient.cost(), settings, batches);
        } catch (IllegalStateException e) {
            return new OptimizerStepper(lossGradient, settings, batches);
        }
    }

    @Override
    public FlowBackend flow(LossGradient lossGradient) {
        try {
            return new KernelFlow(name, kernels.get(), lossGradient.network(), lossGradient.cost());
        } catch (IllegalStateException e) {
            return FlowBackend.of(lossGradient.network(), lossGradient.cost());
        }
    }
}
