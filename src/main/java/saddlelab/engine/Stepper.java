package saddlelab.engine;

/**
 * Where gradient descent's steps are taken: on the JVM (and in TeaVM's builds) by {@link LossGradient}
 * over the network's own arrays ({@link #of}); in the browser by a WebAssembly kernel that keeps θ in its
 * linear memory ({@link KernelStepper}). Every stepper takes the same steps to the bit; a run only sees
 * θ after {@link #sync}, which it calls at records, digests and the end.
 */
public interface Stepper {
    /** One step {@code θ ← θ − η ∇L(θ)}; returns {@code L(θ)} before the step. */
    double step(double eta);

    /** Makes the network's arrays hold the current θ (a no-op where θ never leaves them). */
    void sync();

    /** Keeps the current θ as the snapshot (the state a divergence is diagnosed from). */
    void mark();

    /** The θ last {@link #mark marked} (mark before the first call), into {@code out}. */
    void marked(DeepLinearNetwork out);

    /** Which engine takes the steps: "wasm-simd", "wasm" or "java". */
    String name();

    /** Frees what the stepper holds outside the Java heap. */
    default void close() {
    }

    /** Chooses the stepper for a run's network and cost. */
    interface Factory {
        Stepper create(LossGradient kernel);
    }

    /**
     * The stepper of the Java engine: {@link LossGradient#step} on the network's arrays; its snapshot is
     * allocated at the first {@link #mark}.
     */
    static Stepper of(LossGradient kernel) {
        DeepLinearNetwork net = kernel.network();
        return new Stepper() {
            private DeepLinearNetwork snapshot;

            @Override
            public double step(double eta) {
                return kernel.step(eta);
            }

            @Override
            public void sync() {
            }

            @Override
            public void mark() {
                if (snapshot == null) {
                    snapshot = net.copy();
                    return;
                }
                snapshot.copyFrom(net);
            }

            @Override
            public void marked(DeepLinearNetwork out) {
                out.copyFrom(snapshot);
            }

            @Override
            public String name() {
                return "java";
            }
        };
    }
}
