package saddlelab.engine;

/**
 * Where a run's θ lives while it trains: in the network's own arrays (the Java engine), or in a
 * WebAssembly kernel's linear memory (the browser's). A run sees θ in its network only after
 * {@link #sync}, which it calls at records, digests and the end; the snapshot it diagnoses a divergence
 * from is kept where θ is.
 */
public interface ParameterStore {
    /** Makes the network's arrays hold the current θ (a no-op where θ never leaves them). */
    void sync();

    /** Keeps the current θ as the snapshot (the state a divergence is diagnosed from). */
    void mark();

    /** The θ last {@link #mark marked} (mark before the first call), into {@code out}. */
    void marked(DeepLinearNetwork out);

    /**
     * Balancedness of the current θ ({@link Balancedness#max}), with {@link #sync} done so that {@code net}
     * holds it: computed in Java by {@code java}, or where θ lives.
     */
    default double balancedness(DeepLinearNetwork net, Balancedness java) {
        return java.max(net);
    }

    /** Which engine does the work: "wasm-simd", "wasm" or "java". */
    String name();

    /** Frees what the store holds outside the Java heap. */
    default void close() {
    }
}
