package saddlelab.engine;

/**
 * A run's layout in the WebAssembly kernel's linear memory, and one evaluation there: the forward pass
 * {@code P_l = W_l P_{l−1}}, the cost {@code C(A)} and {@code G = ∂C/∂A} (MSE and completion in the
 * kernel, as {@link MseCost} and {@link CompletionCost} compute them; any other {@link Cost} by the host
 * between a forward and a backward call), then the fused backward sweep, which back-propagates
 * {@code D_{l−1} = W_lᵀ D_l} and either updates {@code W_l ← W_l − η D_l P_{l−1}ᵀ} row by row
 * ({@link KernelStepper}) or stores the velocity {@code −∇L} in another block ({@link KernelFlow}).
 *
 * <p>Layout (16-byte aligned, so that SIMD lanes never straddle a row): the step's table, then, with
 * {@code s_l} = n_l rounded up to even, W_l as n_l rows of stride {@code s_{l−1}}, all layers in one block;
 * the snapshot and any extra blocks in the same layout; P_l as n_l rows of stride {@code s_0} (P_1 is W_1
 * itself); P_lᵀ and D_lᵀ as n_0 rows of stride {@code s_l}; then the cost's data (MSE: X, Xᵀ, Y, the
 * residual and R Xᵀ, rows padded to even; completion: the observed entries' addresses and targets), and
 * a tail of bytes for the caller, then the balancedness's scratch. Pads start at zero and are never read
 * into a real entry.
 */
final class KernelLayout {
    /** The table's cost word: the kernel's MSE, its completion cost, or the host's (any other {@link Cost}). */
    static final int HOST_COST = 0;
    static final int MSE = 1;
    static final int COMPLETION = 2;

    private final Kernel kernel;
    private final DeepLinearNetwork net;
    private final Cost cost;
    private final int depth;
    private final int[] n;
    private final int[] s;
    private final int[] w;
    private final int[] p;
    private final int[] pt;
    private final int[] dt;
    private final int table;
    private final int costKind;
    private final int weightsStart;
    private final int weightsBytes;
    private final int snapshot;
    /** The first extra block, and the tail's address. */
    private final int blocks;
    private final int tail;
    /** After the tail: W_l's columns and 32 rows of the balancedness difference ({@link #balancedness}). */
    private final int scratch;
    private final double[] a;
    private final double[] g;
    private final double[] gt;

    /**
     * Lays out the network and the cost's data in the kernel's memory, with {@code blocks} more blocks of
     * the weights' layout after the snapshot and {@code tail} bytes at the end, and writes θ and the data.
     */
    KernelLayout(Kernel kernel, DeepLinearNetwork net, Cost cost, int blocks, int tail) {
        this.kernel = kernel;
        this.net = net;
        this.cost = cost;
        this.depth = net.depth();
        this.n = net.widths();
        this.s = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            s[l] = even(n[l]);
        }
        this.w = new int[depth + 1];
        this.p = new int[depth + 1];
        this.pt = new int[depth + 1];
        this.dt = new int[depth + 1];
        this.table = 16;
        int at = align(table + 4 * (16 + 6 * depth));
        weightsStart = at;
        for (int l = 1; l <= depth; l++) {
            w[l] = at;
            at += 8 * n[l] * s[l - 1];
        }
        weightsBytes = at - weightsStart;
        snapshot = at;
        at += weightsBytes;
        this.blocks = at;
        at += blocks * weightsBytes;
        p[1] = w[1];
        for (int l = 2; l <= depth; l++) {
            p[l] = at;
            at += 8 * n[l] * s[0];
        }
        for (int l = 1; l <= depth; l++) {
            pt[l] = at;
            at += 8 * n[0] * s[l];
            dt[l] = at;
            at += 8 * n[0] * s[l];
        }
        int[] words = new int[16 + 6 * depth];
        words[0] = depth;
        words[1] = n[0];
        words[2] = s[0];
        for (int l = 1; l <= depth; l++) {
            int e = 16 + 6 * (l - 1);
            words[e] = n[l];
            words[e + 1] = s[l];
            words[e + 2] = w[l];
            words[e + 3] = p[l];
            words[e + 4] = pt[l];
            words[e + 5] = dt[l];
        }
        int nL = n[depth];
        int n0 = n[0];
        if (cost instanceof MseCost mse) {
            costKind = MSE;
            int count = mse.trainSize();
            int np = even(count);
            int x = at;
            int xt = x + 8 * n0 * np;
            int y = xt + 8 * count * s[0];
            int r = y + 8 * nL * np;
            int product = r + 8 * nL * np; // R Xᵀ
            at = product + 8 * nL * s[0];
            this.tail = at;
            this.scratch = align(at + tail);
            kernel.reserve(scratch + scratchBytes());
            double[] xs = mse.inputsMatrix();
            double[] ys = mse.targets();
            double[] xPadded = new double[n0 * np];
            double[] xTransposed = new double[count * s[0]];
            double[] yPadded = new double[nL * np];
            for (int j = 0; j < n0; j++) {
                for (int m = 0; m < count; m++) {
                    xPadded[j * np + m] = xs[j * count + m];
                    xTransposed[m * s[0] + j] = xs[j * count + m];
                }
            }
            for (int i = 0; i < nL; i++) {
                System.arraycopy(ys, i * count, yPadded, i * np, count);
            }
            kernel.write(x, xPadded);
            kernel.write(xt, xTransposed);
            kernel.write(y, yPadded);
            words[4] = count;
            words[5] = np;
            words[6] = x;
            words[7] = xt;
            words[8] = y;
            words[9] = r;
            words[10] = product;
        } else if (cost instanceof CompletionCost completion) {
            costKind = COMPLETION;
            int[] observed = completion.observed();
            int obs = at;
            int targets = align(obs + 8 * observed.length);
            at = align(targets + 8 * observed.length);
            this.tail = at;
            this.scratch = align(at + tail);
            kernel.reserve(scratch + scratchBytes());
            int[] pairs = new int[2 * observed.length];
            double[] values = new double[observed.length];
            for (int k = 0; k < observed.length; k++) {
                int row = observed[k] / n0;
                int col = observed[k] % n0;
                pairs[2 * k] = p[depth] + 8 * (row * s[0] + col); // A_km in P_L
                pairs[2 * k + 1] = dt[depth] + 8 * (col * s[depth] + row); // G_km in D_Lᵀ
                values[k] = completion.target()[observed[k]];
            }
            kernel.writeInts(obs, pairs);
            kernel.write(targets, values);
            words[4] = observed.length;
            words[5] = obs;
            words[6] = targets;
        } else {
            costKind = HOST_COST;
            this.tail = at;
            this.scratch = align(at + tail);
            kernel.reserve(scratch + scratchBytes());
        }
        words[3] = costKind;
        kernel.writeInts(table, words);
        this.a = new double[nL * n0];
        this.g = new double[nL * n0];
        this.gt = new double[n0 * s[depth]];
        upload();
    }

    /** The balancedness's scratch: for the widest hidden layer pair, W_l's columns and 32 rows of the difference. */
    private int scratchBytes() {
        int most = 0;
        for (int l = 1; l < depth; l++) {
            most = Math.max(most, 8 * (n[l - 1] + 32) * s[l]);
        }
        return most;
    }

    /**
     * {@link Balancedness#max} of θ in the block at {@code start} (the weights, the snapshot or an extra
     * block), computed in the kernel: the same maximum over l = 1 … L−1 of the same bits.
     */
    double balancedness(int start) {
        int offset = start - weightsStart;
        double best = 0;
        for (int l = 1; l < depth; l++) {
            best = Math.max(best, kernel.balancedness(w[l + 1] + offset, s[l], w[l] + offset, s[l - 1], n[l], n[l - 1],
                    n[l + 1], scratch, scratch + 8 * n[l - 1] * s[l]));
        }
        return best;
    }

    private static int even(int x) {
        return (x + 1) & ~1;
    }

    private static int align(int address) {
        return (address + 15) & ~15;
    }

    private void upload() {
        for (int l = 1; l <= depth; l++) {
            int stride = s[l - 1];
            double[] flat = new double[n[l] * stride];
            double[][] rows = net.rows(l);
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * stride, n[l - 1]);
            }
            kernel.write(w[l], flat);
        }
    }

    /**
     * The step, or with {@code gradientOffset} ≠ 0 the velocity −∇L at W stored at W + gradientOffset with
     * θ left as it is; returns the loss at W.
     */
    double evaluate(double eta, int gradientOffset) {
        if (costKind != HOST_COST) {
            return gradientOffset == 0 ? kernel.step(table, eta) : kernel.velocity(table, gradientOffset);
        }
        // any other cost: A = P_L out, C(A) and G = ∂C/∂A in Java, G into D_Lᵀ
        forwardToHost();
        double loss = cost.evaluate(a, g);
        backwardFromHost(eta, gradientOffset);
        return loss;
    }

    /**
     * A minibatch's evaluation: the full cost's loss at W (returned) and the velocity −∇ of {@code batch}'s cost
     * stored at W + gradientOffset, θ left as it is; the batch's loss goes into {@code batchLoss[0]}. One forward
     * pass, both costs in Java on the same A, as {@link OptimizerStepper} does.
     */
    double evaluateBatch(Cost batch, int gradientOffset, double[] batchLoss) {
        forwardToHost();
        double loss = cost.evaluate(a, null); // the loss only: its value does not depend on asking for G
        batchLoss[0] = batch.evaluate(a, g);
        backwardFromHost(0, gradientOffset);
        return loss;
    }

    /** The forward pass in the kernel, and A = P_L out into {@link #a}. */
    private void forwardToHost() {
        kernel.forwardAll(table);
        int n0 = n[0];
        int nL = n[depth];
        double[] pl = kernel.read(p[depth], nL * s[0]);
        for (int r = 0; r < nL; r++) {
            System.arraycopy(pl, r * s[0], a, r * n0, n0);
        }
    }

    /** G in {@link #g} into D_Lᵀ, and the backward sweep. */
    private void backwardFromHost(double eta, int gradientOffset) {
        int n0 = n[0];
        int nL = n[depth];
        int sL = s[depth];
        for (int r = 0; r < nL; r++) {
            for (int c = 0; c < n0; c++) {
                gt[c * sL + r] = g[r * n0 + c];
            }
        }
        kernel.write(dt[depth], gt);
        kernel.backwardAll(table, eta, gradientOffset);
    }

    /** θ's layout from {@code start} (the weights, the snapshot or an extra block) into the network {@code into}. */
    void read(int start, DeepLinearNetwork into) {
        double[] all = kernel.read(start, weightsBytes / 8);
        int o = 0;
        for (int l = 1; l <= depth; l++) {
            double[][] rows = into.rows(l);
            for (double[] row : rows) {
                System.arraycopy(all, o, row, 0, n[l - 1]);
                o += s[l - 1];
            }
        }
    }

    int table() {
        return table;
    }

    /** Where the weights start: the block the table's W_l point into. */
    int weights() {
        return weightsStart;
    }

    /** The bytes of one block (θ in the weights' layout, pads included). */
    int blockBytes() {
        return weightsBytes;
    }

    int snapshot() {
        return snapshot;
    }

    /** Extra block {@code i} (0-based). */
    int block(int i) {
        return blocks + i * weightsBytes;
    }

    /** The tail's address (16-byte aligned). */
    int tail() {
        return tail;
    }

    /** Copies the block at {@code src} (θ's layout) to {@code dst}, inside the kernel's memory. */
    void copyBlock(int dst, int src) {
        kernel.copy(dst, src, weightsBytes);
    }

    /** Frees the kernel's instance. */
    void close() {
        kernel.close();
    }
}
