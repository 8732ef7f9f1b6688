package saddlelab.experiment;

/**
 * Watches the loss of every step, which the descent step computes anyway, so it costs a few
 * comparisons per step and nothing else. It answers two questions:
 *
 * <ul>
 * <li><b>Where to add a record.</b> The spec's records are spaced in iterations, but an escape from a
 * saddle is short: from a small initialization the blow-up from the origin (paper §5.1) can fall
 * between two log-spaced records. The rate {@code r = −dL/dt} grows (or falls) by orders of magnitude
 * exactly there, so a record is asked for whenever r has doubled or halved since the last record. The
 * rule reads only the loss bits, so it places the records identically on every runtime.
 * <li><b>Whether gradient descent oscillates.</b> Past the stability limit {@code η > 2/λ_max} the
 * loss can settle into a 2-cycle (or a longer one) instead of converging or diverging. Blocks of
 * {@link #BLOCK} steps are inspected: a block with at least a quarter of its steps going up (by more
 * than round-off) and no new minimum counts as oscillating; {@link #SUSTAINED} such blocks in a row
 * are a sustained oscillation.
 * </ul>
 */
final class LossWatch {
    static final int BLOCK = 64;
    static final int SUSTAINED = 4;
    /** A change of the loss smaller than this fraction of the initial loss is round-off, not motion. */
    static final double NOISE = 1e-12;
    /** A rise by more than this fraction of the initial loss counts as going up. */
    static final double RISE = 1e-9;
    /** A block that lowers the minimum by less than this fraction made no progress. */
    static final double PROGRESS = 1e-4;
    private static final int HISTORY = 16;

    private final double scale;
    private double previous = Double.NaN;
    private double referenceRate = Double.NaN;
    private double lastRate = Double.NaN;
    // oscillation: the current block and the streak of oscillating blocks
    private int inBlock;
    private int rises;
    private double blockMin = Double.POSITIVE_INFINITY;
    private double blockMax = Double.NEGATIVE_INFINITY;
    private double previousBlockMin = Double.POSITIVE_INFINITY;
    private int streak;
    private long streakStart = -1;
    private long steps;
    private double low = Double.NaN;
    private double high = Double.NaN;
    private final double[] history = new double[HISTORY];

    /** @param initialLoss L(θ₀), the scale that separates motion from round-off */
    LossWatch(double initialLoss) {
        this.scale = Math.abs(initialLoss) > 0 && initialLoss - initialLoss == 0 ? Math.abs(initialLoss) : 1;
    }

    /**
     * The loss after a step of length {@code dt} (η for descent, the accepted step for the flow);
     * returns how many times the rate of descent has doubled or halved since the last record (0: no
     * record wanted; a long flow step can cross several doublings).
     */
    int observe(double loss, double dt) {
        int ask = 0;
        if (previous == previous) {
            double drop = previous - loss;
            if (drop > NOISE * scale) {
                double rate = drop / dt;
                lastRate = rate;
                if (!(referenceRate > 0)) {
                    referenceRate = rate; // the first measurable rate after a record is the reference
                } else {
                    double ratio = rate >= referenceRate ? rate / referenceRate : referenceRate / rate;
                    while (ratio >= 2 && ask < 64) {
                        ratio /= 2;
                        ask++;
                    }
                }
            }
            watchBlock(loss, loss - previous > RISE * scale);
        }
        history[(int) (steps % HISTORY)] = loss;
        steps++;
        previous = loss;
        return ask;
    }

    /** A record was taken: the rate of the last step becomes the reference. */
    void recorded() {
        referenceRate = lastRate;
    }

    private void watchBlock(double loss, boolean rose) {
        inBlock++;
        if (rose) {
            rises++;
        }
        blockMin = Math.min(blockMin, loss);
        blockMax = Math.max(blockMax, loss);
        if (inBlock < BLOCK) {
            return;
        }
        boolean stuck = !(blockMin < previousBlockMin * (1 - PROGRESS));
        if (4 * rises >= BLOCK && stuck) {
            if (streak == 0) {
                streakStart = steps + 1 - BLOCK;
                low = blockMin;
                high = blockMax;
            }
            streak++;
            low = Math.min(low, blockMin);
            high = Math.max(high, blockMax);
        } else {
            streak = 0;
        }
        previousBlockMin = Math.min(previousBlockMin, blockMin);
        inBlock = 0;
        rises = 0;
        blockMin = Double.POSITIVE_INFINITY;
        blockMax = Double.NEGATIVE_INFINITY;
    }

    /** True once {@link #SUSTAINED} blocks in a row oscillated without progress. */
    boolean oscillating() {
        return streak >= SUSTAINED;
    }

    /** The step at which the oscillation began (the start of its first block). */
    long oscillationStart() {
        return streakStart;
    }

    double oscillationLow() {
        return low;
    }

    double oscillationHigh() {
        return high;
    }

    /**
     * The shortest period p ≤ 8 with which the last losses repeat (each within 1e-6 of the loss p
     * steps earlier), or 0 when they do not repeat.
     */
    int period() {
        if (steps < HISTORY) {
            return 0;
        }
        for (int p = 2; p <= 8; p++) {
            boolean repeats = true;
            for (int back = 0; back + p < HISTORY && repeats; back++) {
                double a = history[(int) ((steps - 1 - back) % HISTORY)];
                double b = history[(int) ((steps - 1 - back - p) % HISTORY)];
                repeats = Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
            }
            if (repeats) {
                return p;
            }
        }
        return 0;
    }
}
