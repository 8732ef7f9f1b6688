package saddlelab.experiment;

import java.util.Arrays;

/**
 * The recorded series of one run, one entry per record. Packed row layout (also the worker's
 * transfer format): {@code step, time, trainLoss, testLoss, rank, nuclearNorm, gradNorm, paramNorm,
 * balancedness, escapedRank, escapedLoss, adaptive, s_1 … s_m, ‖W_1‖_F … ‖W_L‖_F, alignment, pathX, pathY},
 * with m = min(n_0, n_L): rank counts the singular values above the spec's tolerance, escapedRank the
 * directions that have escaped ({@link Saddles#escapedDirections}, −1 where the spectrum has no gap),
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
    public static final int SINGULAR_VALUES = 12;
    public static final String[] SCALAR_NAMES = {"step", "time", "trainLoss", "testLoss", "rank", "nuclearNorm",
        "gradNorm", "paramNorm", "balancedness", "escapedRank", "escapedLoss", "adaptive"};

    private final int width;
    private final int singularValues;
    private double[] data = new double[0];
    private int count;

    public Trace(int singularValues, int depth) {
        this.singularValues = singularValues;
        this.width = SINGULAR_VALUES + singularValues + depth + 3;
    }

    /** Column of the alignment; pathX and pathY follow. */
    public int alignmentColumn() {
        return width - 3;
    }

    /** m = min(n_0, n_L), the number of singular values per record. */
    public int singularValueCount() {
        return singularValues;
    }

    /** Column of ‖W_1‖_F; the L layer norms follow. */
    public int layerNormsColumn() {
        return SINGULAR_VALUES + singularValues;
    }

    /** Values per record. */
    public int recordWidth() {
        return width;
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

    public double get(int record, int column) {
        return data[record * width + column];
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
}
