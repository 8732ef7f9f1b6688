package saddlelab.engine;

/**
 * A cost's minibatch: the same cost ({@link MseCost}, {@link CompletionCost}, {@link SensingCost} or
 * {@link ClassificationCost}, the same code and order of sums) over B of its N samples — training points,
 * observed entries, measurements, or labelled inputs. The batches follow one documented
 * rule, so a spec and a seed fix them: the samples are shuffled at the start of each epoch (Fisher–Yates
 * with the run's own batch stream of {@link Rng}), each step takes the next B of that order, sorted
 * ascending, and an epoch's last B′ < B samples are dropped (the next step reshuffles).
 */
public final class Minibatch {
    private final int total;
    private final int size;
    private final Rng rng;
    private final int[] order;
    private final int[] chosen;
    private int next;
    private final Cost batch;
    // regression: the full data and the batch's columns (the batch cost reads these arrays)
    private final double[] x;
    private final double[] y;
    private final double[] xb;
    private final double[] yb;
    private final int n0;
    private final int nL;
    // completion: the observed entries, and the batch's (the batch cost's own array)
    private final int[] observed;
    private final int[] observedB;
    // sensing: the measurements the batch cost sums over (its own array)
    private final int[] usedB;
    // classification: the full labels and the batch's (the inputs as regression's x and xb)
    private final int[] labels;
    private final int[] labelsB;

    public Minibatch(Cost full, int size, Rng rng) {
        this.size = size;
        this.rng = rng;
        if (full instanceof ClassificationCost c) {
            this.total = c.labels().length;
            this.n0 = c.inputs();
            this.nL = 0; // no targets: the labels instead
            this.x = c.samples();
            this.y = null;
            this.xb = new double[n0 * size];
            this.yb = null;
            this.labels = c.labels();
            this.labelsB = new int[size];
            this.observed = null;
            this.observedB = null;
            this.usedB = null;
            this.batch = new ClassificationCost(n0, c.outputs(), c.loss(), xb, labelsB, new double[0], new int[0]);
        } else if (full instanceof MseCost) {
            this.labels = null;
            this.labelsB = null;
            MseCost m = (MseCost) full;
            this.total = m.trainSize();
            this.n0 = m.inputs();
            this.nL = m.outputs();
            this.x = m.inputsMatrix();
            this.y = m.targets();
            this.xb = new double[n0 * size];
            this.yb = new double[nL * size];
            this.observed = null;
            this.observedB = null;
            this.usedB = null;
            this.batch = new MseCost(n0, nL, xb, yb, size, null, null, 0);
        } else if (full instanceof SensingCost) {
            SensingCost s = (SensingCost) full;
            this.labels = null;
            this.labelsB = null;
            this.total = s.count();
            this.usedB = new int[size];
            this.batch = new SensingCost(s.outputs(), s.inputs(), s.target(), s.sensors(), s.measurements(), usedB);
            this.observed = null;
            this.observedB = null;
            this.x = null;
            this.y = null;
            this.xb = null;
            this.yb = null;
            this.n0 = 0;
            this.nL = 0;
        } else if (full instanceof CompletionCost) {
            CompletionCost c = (CompletionCost) full;
            this.labels = null;
            this.labelsB = null;
            this.total = c.observed().length;
            this.observed = c.observed();
            this.usedB = null;
            this.observedB = new int[size];
            System.arraycopy(observed, 0, observedB, 0, size);
            this.batch = new CompletionCost(c.outputs(), c.inputs(), c.target(), observedB);
            this.x = null;
            this.y = null;
            this.xb = null;
            this.yb = null;
            this.n0 = 0;
            this.nL = 0;
        } else {
            throw new IllegalArgumentException("no minibatches for " + full.getClass().getSimpleName());
        }
        if (size < 1 || size > total) {
            throw new IllegalArgumentException("batch " + size + " of " + total + " samples");
        }
        this.order = new int[total];
        this.chosen = new int[size];
        this.next = total; // the first step shuffles
    }

    /** The cost over the current batch (its arrays change at each {@link #next}). */
    public Cost cost() {
        return batch;
    }

    /** The samples of the current batch (indices into the N samples, ascending). */
    public int[] chosen() {
        return chosen;
    }

    /** Draws the next batch. */
    public void next() {
        if (next + size > total) {
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            for (int i = total - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            next = 0;
        }
        System.arraycopy(order, next, chosen, 0, size);
        next += size;
        java.util.Arrays.sort(chosen);
        if (usedB != null) {
            System.arraycopy(chosen, 0, usedB, 0, size);
            return;
        }
        if (observedB != null) {
            for (int i = 0; i < size; i++) {
                observedB[i] = observed[chosen[i]];
            }
            return;
        }
        int n = total;
        for (int r = 0; r < n0; r++) {
            for (int i = 0; i < size; i++) {
                xb[r * size + i] = x[r * n + chosen[i]];
            }
        }
        for (int r = 0; r < nL; r++) {
            for (int i = 0; i < size; i++) {
                yb[r * size + i] = y[r * n + chosen[i]];
            }
        }
        if (labelsB != null) {
            for (int i = 0; i < size; i++) {
                labelsB[i] = labels[chosen[i]];
            }
        }
    }
}
