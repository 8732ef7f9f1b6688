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

    /** Which engine does the work: "wasm-simd", "wasm" or "java". */
    String name();

    /** Frees what the store holds outside the Java heap. */
    default void close() {
    }
}
