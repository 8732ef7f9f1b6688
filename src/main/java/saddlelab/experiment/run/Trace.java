package saddlelab.experiment.run;

import java.util.Arrays;

/**
 * The recorded series of one run, one entry per record. Packed row layout (also the worker's
 * transfer format): {@code step, time, trainLoss, testLoss, rank, nuclearNorm, gradNorm, paramNorm,
 * balancedness, escapedRank, escapedLoss, adaptive, batchLoss, schatten, effectiveRank, trainAccuracy,
 * testAccuracy, margin, s_1 … s_m, ‖W_1‖_F … ‖W_L‖_F, alignment, pathX, pathY},
 * with m = min(n_0, n_L): rank counts the singular values above the spec's tolerance, escapedRank the
 * directions that have escaped ({@link EscapedDirections#count}, −1 where the spectrum has no gap),
 * escapedLoss the cost of A's escaped part (its best rank-escapedRank approximation; NaN without a gap);
 * adaptive is 1 for a record added where the loss moved fast, 0 for one of the spec's schedule;
 * alignment = |u_1·a_1|·|v_1·b_1| between A's top singular pair (a_1, b_1) and the optimal escape
 * direction (u_1, v_1) of −∇C(0); pathX, pathY = u_iᵀ A v_i for the top two pairs of −∇C(0) (the
 * path view, invariant under the hidden-layer rotations).
 */
public final class Trace {
    public static final int STEP = 0;
    public static final int TIME = 1;
    public static final int TRAIN_LOSS = 2;
    public static final int TEST_LOSS = 3;
    public static final int RANK = 4;
    public static final int NUCLEAR_NORM = 5;
    public static final int GRAD_NORM = 6;
    public static final int PARAM_NORM = 7;
    public static final int BALANCEDNESS = 8;
    public static final int ESCAPED_RANK = 9;
    public static final int ESCAPED_LOSS = 10;
    public static final int ADAPTIVE = 11;
    /** The minibatch loss of the last step taken before the record (its batch, its θ); NaN without minibatches. */
    public static final int BATCH_LOSS = 12;
    /**
     * The Schatten-2/L quasi-norm of A, {@code (Σ σᵢ^{2/L})^{L/2}}: at a balanced point L2 decay on the weights,
     * λ Σ‖W_l‖²_F, is {@code λL·Σ σᵢ^{2/L}} of A, a penalty that favours low rank the more the deeper the net
     * (the nuclear norm at L = 2).
     */
    public static final int SCHATTEN = 13;
    /**
     * The effective rank of A (Roy and Vetterli 2007), {@code exp(−Σ pᵢ log pᵢ)} with {@code pᵢ = σᵢ / Σσ}: a
     * rank that needs no tolerance, 1 for one direction and k for k equal ones (0 for A = 0).
     */
    public static final int EFFECTIVE_RANK = 14;
    /** Classification's fraction of training samples classified correctly (NaN for other tasks). */
    public static final int TRAIN_ACCURACY = 15;
    /** Classification's fraction of test samples classified correctly, 1 − the test loss (NaN for other tasks). */
    public static final int TEST_ACCURACY = 16;
    /**
     * Classification's normalized margin, {@code min_i qᵢ(A)/‖A‖_F} over the training set
     * ({@code ClassificationCost#margin}): positive once every sample is right, rising towards the max-margin.
     */
    public static final int MARGIN = 17;
    public static final int SINGULAR_VALUES = 18;
    public static final String[] SCALAR_NAMES = {"step", "time", "trainLoss", "testLoss", "rank", "nuclearNorm",
        "gradNorm", "paramNorm", "balancedness", "escapedRank", "escapedLoss", "adaptive", "batchLoss", "schatten",
        "effectiveRank", "trainAccuracy", "testAccuracy", "margin"};

    /** A record holds A's entries (the matrix view) when A has at most this many entries … */
    public static final int MATRIX_ENTRIES = 1024;
    /** … and all the records' entries together at most this many (a run's scheduled and added records). */
    public static final int MATRIX_VALUES = 400_000;

    private final int width;
    private final int singularValues;
    private final int matrix;
    private double[] data = new double[0];
    private int count;

    public Trace(int singularValues, int depth) {
        this(singularValues, depth, 0);
    }

    /** A trace whose records end with {@code matrix} entries of A (row-major, n_L × n_0), or none (0). */
    public Trace(int singularValues, int depth, int matrix) {
        this.singularValues = singularValues;
        this.matrix = matrix;
        this.width = SINGULAR_VALUES + singularValues + depth + 3 + matrix;
    }

    /**
     * How many of A's entries a record of a run holds: all n_L·n_0 of them where A is small enough and the
     * run's at most {@code 2·records} records stay within {@link #MATRIX_VALUES}, else none (the page says so).
     */
    public static int matrixEntries(int outputs, int inputs, int records) {
        long n = (long) outputs * inputs;
        return n <= MATRIX_ENTRIES && 2L * records * n <= MATRIX_VALUES ? (int) n : 0;
    }

    /** Column of the alignment; pathX and pathY follow. */
    public int alignmentColumn() {
        return width - 3 - matrix;
    }

    /** Column of A's first entry (row-major), if {@link #matrixCount} is not 0. */
    public int matrixColumn() {
        return width - matrix;
    }

    public int matrixCount() {
        return matrix;
    }

    /** m = min(n_0, n_L), the number of singular values per record. */
    public int singularValueCount() {
        return singularValues;
    }

    /** Column of ‖W_1‖_F; the L layer norms follow. */
    public int layerNormsColumn() {
        return SINGULAR_VALUES + singularValues;
    }

    /** Values per record: the stride between records in {@link #packed}. */
    public int stride() {
        return width;
    }

    /**
     * Where each series sits in a packed record, for readers in other languages (the page): the
     * scalars by name, {@code singularValues} and {@code layerNorms} as {@code {from, count}}, then
     * alignment, pathX and pathY, {@code matrix} (A's entries, row-major; count 0 when not recorded), and
     * {@code stride}. The one description of the layout outside this class.
     */
    public java.util.Map<String, Object> columns() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int c = 0; c < SCALAR_NAMES.length; c++) {
            m.put(SCALAR_NAMES[c], c);
        }
        m.put("singularValues", span(SINGULAR_VALUES, singularValues));
        m.put("layerNorms", span(layerNormsColumn(), alignmentColumn() - layerNormsColumn()));
        m.put("alignment", alignmentColumn());
        m.put("pathX", alignmentColumn() + 1);
        m.put("pathY", alignmentColumn() + 2);
        m.put("matrix", span(matrixColumn(), matrix));
        m.put("stride", width);
        return m;
    }

    private static java.util.Map<String, Object> span(int from, int count) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("from", from);
        m.put("count", count);
        return m;
    }

    public int size() {
        return count;
    }

    public void add(double[] record) {
        if (data.length < (count + 1) * width) {
            data = Arrays.copyOf(data, Math.max(2 * data.length, (count + 1) * width));
        }
        System.arraycopy(record, 0, data, count * width, width);
        count++;
    }

    /** The first {@code records} records, as a trace of their own. */
    public Trace head(int records) {
        Trace h = new Trace(singularValues, alignmentColumn() - layerNormsColumn(), matrix);
        h.data = Arrays.copyOf(data, records * width);
        h.count = records;
        return h;
    }

    public double get(int record, int column) {
        return data[record * width + column];
    }

    /**
     * The trace of a run's result document read back ({@code Results.runToMap}'s {@code series}): what a
     * page or a node wrote, in this layout again. Missing scalar series (documents of older releases)
     * read as NaN, adaptive as 0; a record's lists are cut or padded with NaN to {@code m} and the depth.
     */
    public static Trace fromSeries(RunView run, int singularValues, int depth) {
        Trace t = new Trace(singularValues, depth);
        double[] steps = run.series("step");
        double[][] scalars = new double[SCALAR_NAMES.length][];
        for (int c = 0; c < SCALAR_NAMES.length; c++) {
            scalars[c] = run.series(SCALAR_NAMES[c]);
        }
        java.util.List<?> sv = run.list("singularValues");
        java.util.List<?> layers = run.list("layerNorms");
        double[] alignment = run.series("alignment");
        double[] pathX = run.series("pathX");
        double[] pathY = run.series("pathY");
        double[] record = new double[t.width];
        for (int i = 0; i < steps.length; i++) {
            for (int c = 0; c < SCALAR_NAMES.length; c++) {
                record[c] = i < scalars[c].length ? scalars[c][i] : c == ADAPTIVE ? 0 : Double.NaN;
            }
            fill(record, SINGULAR_VALUES, singularValues, i < sv.size() ? sv.get(i) : null);
            fill(record, t.layerNormsColumn(), depth, i < layers.size() ? layers.get(i) : null);
            int a = t.alignmentColumn();
            record[a] = i < alignment.length ? alignment[i] : Double.NaN;
            record[a + 1] = i < pathX.length ? pathX[i] : Double.NaN;
            record[a + 2] = i < pathY.length ? pathY[i] : Double.NaN;
            t.add(record);
        }
        return t;
    }

    private static void fill(double[] record, int from, int count, Object values) {
        java.util.List<?> list = values instanceof java.util.List ? (java.util.List<?>) values : java.util.List.of();
        double[] array = values instanceof double[] ? (double[]) values : null;
        for (int k = 0; k < count; k++) {
            record[from + k] = array != null ? (k < array.length ? array[k] : Double.NaN)
                    : k < list.size() ? RunView.number(list.get(k)) : Double.NaN;
        }
    }

    /** Records {@code from … size()−1}, packed. */
    public double[] packed(int from) {
        return Arrays.copyOfRange(data, from * width, count * width);
    }

    /** Columns {@code from … from+length−1} of one record. */
    public double[] row(int record, int from, int length) {
        return Arrays.copyOfRange(data, record * width + from, record * width + from + length);
    }

    public double[] column(int column) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = data[i * width + column];
        }
        return out;
    }

    /**
     * The records a run's readings (its saddles, its escape from the origin) are taken from: those
     * before its train loss first rose by more than {@link #RISE} of its descent so far (and by more
     * than {@link #RISE_FLOOR} of where it started, far above round-off). Gradient descent within its
     * stability limit only descends; from such a rise on, the step size is past what the landscape
     * allows and the records show the instability, not the landscape: a loss climbing back to an
     * earlier plateau's level reads as another saddle, A thrown back to the origin as a new escape from
     * it, A blowing up as an escape to a higher rank. A run without such a rise is read in full.
     */
    public Trace stable() {
        return stable(true);
    }

    /**
     * {@link #stable()} for a loss that falls monotonically (plain gradient descent and flow), else the
     * records before the loss first rose above its initial value: minibatch noise and momentum lift the
     * loss on a plateau and let it fall back, which is the optimizer's way and not an instability, but
     * none of them takes a run above the loss it started from unless it is blowing up.
     */
    public Trace stable(boolean monotone) {
        int rise = firstRise(monotone);
        return rise == size() ? this : head(rise);
    }

    /** A rise of the loss by this fraction of its descent so far: the instability has begun. */
    public static final double RISE = 0.01;
    /** ... which must also be this fraction of the initial loss (a flat plateau's round-off is not a rise). */
    public static final double RISE_FLOOR = 1e-6;

    /** The first record of a rise ({@link #stable}) or of a loss that is not finite; the size if none. */
    public int firstRise() {
        return firstRise(true);
    }

    /** The first record of a rise for a monotone loss, else of a loss above the initial one ({@link #stable(boolean)}). */
    public int firstRise(boolean monotone) {
        double initial = size() > 0 ? get(0, Trace.TRAIN_LOSS) : 0;
        if (!monotone) {
            for (int i = 0; i < size(); i++) {
                double v = get(i, Trace.TRAIN_LOSS);
                if (!(v - v == 0) || v > initial) {
                    return i;
                }
            }
            return size();
        }
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size(); i++) {
            double v = get(i, Trace.TRAIN_LOSS);
            if (!(v - v == 0) || v - least > RISE * (initial - least) && v - least > RISE_FLOOR * Math.abs(initial)) {
                return i;
            }
            least = Math.min(least, v);
        }
        return size();
    }
}
