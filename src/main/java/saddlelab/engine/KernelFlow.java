package saddlelab.engine;

/**
 * {@link GradientFlow}'s vector work in the WebAssembly kernel: θ, the probe, θ at the last step's start
 * and the seven stages k_1 … k_7 live in the kernel's linear memory for the whole run, so a Dormand–Prince
 * step is a few calls that cross only scalars: per stage the stage point ({@code combine}) and the
 * velocity f = −∇L there; then the three error norms. Each entry is one chain in
 * {@link JavaFlow}'s order, so every bit is the Java engine's. θ comes back into the network only at
 * {@link #sync}; the dense output is formed in the probe and read out at records inside a step.
 *
 * <p>Layout: {@link KernelLayout}'s, whose weights block is the probe (its table's W_l, where the
 * gradients are evaluated), then nine blocks (θ, the previous θ, k_1 … k_7) and a tail with the flow's
 * table (the .wat files document its words), the tableau's coefficients and the norms.
 */
public final class KernelFlow extends KernelStore implements FlowBackend {
    private static final int[] ROW = {0, 0, 0, 1, 3, 6, 10, 15}; // where row i of the tableau starts
    private static final int ERROR_WEIGHTS = 21;
    private static final int OUTPUT_WEIGHTS = 27;
    private static final int NORMS = 33; // after the 21 + 6 + 6 coefficients
    /** The flow's table (11 words in 64 bytes), the coefficients and the three norms. */
    private static final int TAIL = 64 + 8 * (NORMS + 3);

    private final Kernel kernel;
    private final int bytes;
    private final int probe;
    private final int previous;
    private final int[] k = new int[8];
    private final int flow;
    private final int coefficients;

    /** Lays out the network, the cost's data and the integrator's blocks in the kernel's memory. */
    public KernelFlow(String name, Kernel kernel, DeepLinearNetwork net, Cost cost) {
        this(name, kernel, net, new KernelLayout(kernel, net, cost, 9, TAIL));
    }

    /** θ is the layout's first extra block; the weights block is the probe. */
    private KernelFlow(String name, Kernel kernel, DeepLinearNetwork net, KernelLayout layout) {
        super(name, layout, net, layout.block(0));
        this.kernel = kernel;
        this.bytes = layout.blockBytes();
        this.probe = layout.weights();
        this.previous = layout.block(1);
        for (int i = 1; i <= 7; i++) {
            k[i] = layout.block(1 + i);
        }
        this.flow = layout.tail();
        this.coefficients = flow + 64;
        double[] c = new double[NORMS];
        for (int i = 2; i <= 7; i++) {
            System.arraycopy(GradientFlow.A[i], 1, c, ROW[i], i - 1);
        }
        System.arraycopy(GradientFlow.E, 0, c, ERROR_WEIGHTS, 6);
        System.arraycopy(GradientFlow.D, 0, c, OUTPUT_WEIGHTS, 6);
        kernel.write(coefficients, c);
        writeTable();
        layout.copyBlock(theta, probe); // θ0, uploaded into the weights block by the layout
    }

    private void writeTable() {
        kernel.writeInts(flow, new int[] {bytes, theta, probe, previous, k[1], k[2], k[3], k[4], k[5], k[6], k[7]});
    }

    @Override
    public double start() {
        layout.copyBlock(probe, theta);
        return velocity(1);
    }

    /** k_i = f(probe) = −∇L(probe), stored negated by the backward sweep itself; returns L(probe). */
    private double velocity(int i) {
        return layout.evaluate(0, k[i] - probe);
    }

    @Override
    public double stage(int i, double h) {
        kernel.combine(flow, h, coefficients + 8 * ROW[i], i - 1);
        return velocity(i);
    }

    @Override
    public void error(double h, double[] out) {
        kernel.flowError(layout.table(), flow, h, coefficients + 8 * ERROR_WEIGHTS, coefficients + 8 * NORMS);
        double[] norms = kernel.read(coefficients + 8 * NORMS, 3);
        System.arraycopy(norms, 0, out, 0, 3);
    }

    @Override
    public void accept() {
        layout.copyBlock(previous, theta);
        layout.copyBlock(theta, probe);
        int swap = k[1];
        k[1] = k[7];
        k[7] = swap;
        writeTable();
        moved();
    }

    @Override
    public void interpolate(double s, double h, DeepLinearNetwork out) {
        kernel.interpolate(flow, s, h, coefficients + 8 * OUTPUT_WEIGHTS);
        layout.read(probe, out);
    }
}
