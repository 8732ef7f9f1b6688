package saddlelab.engine;

/**
 * The exports of the WebAssembly step kernel ({@code src/main/wat/kernel.wat} and its SIMD twin) over
 * its linear memory, as a host sees them: the browser's {@code WebAssembly.Instance}, or Chicory's
 * interpreter in the tests. Addresses are byte offsets laid out by {@link KernelLayout}; {@code table}
 * is the address of the step's table (the .wat files document its words).
 */
public interface Kernel {
    /** Grows the memory to at least {@code bytes}; throws {@link IllegalStateException} when it cannot. */
    void reserve(int bytes);

    /** Writes {@code values} at {@code address}. */
    void write(int address, double[] values);

    /** Writes {@code values} (32-bit) at {@code address}. */
    void writeInts(int address, int[] values);

    /** Reads {@code count} doubles from {@code address}. */
    double[] read(int address, int count);

    /** One descent step with the cost inside; returns the loss before it. */
    double step(int table, double eta);

    /** P_l for every layer (A = P_L), and P_lᵀ. */
    void forwardAll(int table);

    /** The backward sweep after G is in D_Lᵀ; with {@code gradientOffset} ≠ 0 the velocity −∇ is stored there. */
    void backwardAll(int table, double eta, int gradientOffset);

    /** {@code bytes} (a multiple of 16) from {@code src} to {@code dst}. */
    void copy(int dst, int src, int bytes);

    /** The flow's velocity −∇L at the table's W into W + {@code gradientOffset}, θ left as it is; returns L there. */
    double velocity(int table, int gradientOffset);

    /** The flow's stage point: probe = θ + h·Σ_{j<stages} a_j k_{j+1}, a at {@code coefficients}. */
    void combine(int flow, double h, int coefficients, int stages);

    /** Σ e², Σ θ², Σ probe² of the flow's step of length h into {@code out} (the error weights at {@code weights}). */
    void flowError(int table, int flow, double h, int weights, int out);

    /** The flow's dense output at s of its last step (length h) into the probe (the weights at {@code weights}). */
    void interpolate(int flow, double s, double h, int weights);

    /**
     * {@code ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F} as {@link Balancedness#layerGap} computes it, bit for bit: W_{l+1}
     * at {@code up} ({@code above} rows of stride {@code upStride}), W_l at {@code down} ({@code n} rows of
     * stride {@code downStride}), scratch for W_l's columns at {@code columns} and 32 rows of the difference at
     * {@code block} (rows of stride n rounded up to even).
     */
    double balancedness(int up, int upStride, int down, int downStride, int n, int below, int above, int columns,
            int block);

    /**
     * One update of {@link OptimizerStepper}'s rule from the velocity −g in its block, by the optimizer's table at
     * {@code table} ({@link KernelOptimizer} writes it; the .wat files document its words), with
     * {@code c1 = 1 − β₁ᵗ} and {@code c2 = 1 − β₂ᵗ}.
     */
    void optimize(int table, double eta, double c1, double c2);

    /** Frees the instance. */
    default void close() {
    }
}
