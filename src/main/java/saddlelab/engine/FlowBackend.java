package saddlelab.engine;

/**
 * The vector work of {@link GradientFlow}'s Dormand–Prince steps, apart from its step-size control: the
 * stage points, the stages' velocities {@code f = −∇L}, the error norms, the accept and the dense output.
 * The Java engine does it on the network's arrays ({@link #of}); the browser's kernel keeps θ, the probe
 * and the seven stages in its linear memory ({@link KernelFlow}). Every backend gives the same bits: each
 * entry is one chain in the order written here, and the norms are chains over the real entries in order
 * of layer, row and column.
 */
public interface FlowBackend extends ParameterStore {
    /** probe = θ, then k_1 = f(probe); returns L(probe). */
    double start();

    /**
     * probe = θ + h·s with s = Σ_{j<i} a_ij k_j, one chain in order of j from +0 ({@link GradientFlow#A}'s
     * row i, zeros included), then k_i = f(probe); returns L(probe).
     */
    double stage(int i, double h);

    /**
     * Into {@code out}: Σ e², Σ θ², Σ probe² with e = h·(E_1 k_1 + E_3 k_3 + … + E_7 k_7) summed left to
     * right ({@link GradientFlow#E}), each a chain over the real entries.
     */
    void error(double h, double[] out);

    /** The step is accepted: previous = θ, θ = probe (the 5th-order solution), k_1 ↔ k_7 (first same as last). */
    void accept();

    /** θ at s ∈ [0, 1] inside the last accepted step of length h, by {@link GradientFlow#interpolate}'s formula. */
    void interpolate(double s, double h, DeepLinearNetwork out);

    /** The Java engine's backend: θ is {@code net}, advanced in place; the stages are arrays beside it. */
    static FlowBackend of(DeepLinearNetwork net, Cost cost) {
        return new JavaFlow(net, cost);
    }
}
