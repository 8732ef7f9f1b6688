package saddlelab.engine;

/**
 * Where gradient descent's steps are taken: on the JVM (and in TeaVM's builds) by {@link LossGradient}
 * over the network's own arrays ({@link #of}); in the browser by a WebAssembly kernel that keeps θ in its
 * linear memory ({@link KernelStepper}). Every stepper takes the same steps to the bit; a run only sees
 * θ after {@link #sync}, which it calls at records, digests and the end.
 */
public interface Stepper extends ParameterStore {
    /** One step {@code θ ← θ − η ∇L(θ)}; returns {@code L(θ)} before the step. */
    double step(double eta);

    /** The loss of the last step's minibatch at the θ it was taken from (NaN for the full batch, or before a step). */
    default double lastBatchLoss() {
        return Double.NaN;
    }

    /** Chooses the engine for a run's network and cost: its descent stepper, and its flow's backend. */
    interface Factory {
        Stepper create(LossGradient lossGradient);

        /**
         * The stepper of an optimizer other than plain descent ({@link OptimizerStepper.Settings#plainDescent}
         * false); by default the Java engine's {@link OptimizerStepper}.
         *
         * @param batches the run's batch stream (used only with a minibatch)
         */
        default Stepper optimizer(LossGradient lossGradient, OptimizerStepper.Settings settings, Rng batches) {
            return new OptimizerStepper(lossGradient, settings, batches);
        }

        /** The vector work of a gradient-flow run; by default the Java engine's, on the network's arrays. */
        default FlowBackend flow(LossGradient lossGradient) {
            return FlowBackend.of(lossGradient.network(), lossGradient.cost());
        }
    }

    /**
     * The stepper of the Java engine: {@link LossGradient#step} on the network's arrays; its snapshot is
     * allocated at the first {@link #mark}.
     */
    static Stepper of(LossGradient lossGradient) {
        return new JavaStepper(lossGradient);
    }
}
