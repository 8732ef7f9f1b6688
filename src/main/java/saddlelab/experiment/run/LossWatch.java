package saddlelab.experiment.run;

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
 * are an oscillation. It is <i>sustained</i>, and stops the run, only when its envelope (a block's
 * max − min of the loss) has not shrunk by at least {@code 1 − }{@link #DECAY} over the last
 * {@link #WINDOW} blocks: near the edge of stability an oscillation can die out while the iterates
 * settle into a flatter region, and such a run goes on to converge (a run stopped there loses the
 * user's experiment). An oscillation that decays is a <i>transient</i>: its steps are kept for the
 * run's message, and training goes on.
 * </ul>
 */
final class LossWatch {
    static final int BLOCK = 64;
    static final int SUSTAINED = 4;
    /** Blocks over which a sustained oscillation's envelope is compared … */
    static final int WINDOW = 8;
    /** … and the fraction of it that must remain for the oscillation to count as not decaying. */
    static final double DECAY = 0.9;
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
    /** Envelopes (max − min) of the last WINDOW + 1 blocks. */
    private final double[] envelopes = new double[WINDOW + 1];
    private long blocks;
    private boolean sustained;
    private long transientStart = -1;
    private long transientEnd = -1;

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
        envelopes[(int) (blocks % (WINDOW + 1))] = blockMax - blockMin;
        blocks++;
        sustained = false;
        if (streak >= SUSTAINED) {
            boolean measured = streak > WINDOW;
            if (measured && !(blockMax - blockMin < DECAY * envelopes[(int) ((blocks - 1 - WINDOW) % (WINDOW + 1))])) {
                sustained = true;
            } else {
                // shrinking (or not yet measurable): a transient so far; the first one is kept for the message
                if (transientStart < 0) {
                    transientStart = streakStart;
                }
                if (transientStart == streakStart) {
                    transientEnd = steps;
                }
            }
        }
        previousBlockMin = Math.min(previousBlockMin, blockMin);
        inBlock = 0;
        rises = 0;
        blockMin = Double.POSITIVE_INFINITY;
        blockMax = Double.NEGATIVE_INFINITY;
    }

    /**
     * True when more than {@link #WINDOW} blocks in a row oscillated without progress and the envelope
     * of the last did not shrink below {@link #DECAY} of the envelope {@link #WINDOW} blocks before.
     */
    boolean oscillating() {
        return sustained;
    }

    /** Whether an oscillation has been seen at all (sustained or transient). */
    boolean oscillated() {
        return transientStart >= 0 || sustained;
    }

    /** The first step and the last of the (first) transient oscillation, or −1. */
    long transientStart() {
        return transientStart;
    }

    long transientEnd() {
        return transientEnd;
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
