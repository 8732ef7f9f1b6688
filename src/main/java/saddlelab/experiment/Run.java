package saddlelab.experiment;

import saddlelab.engine.Balancedness;
import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.engine.Rng;
import saddlelab.engine.Sha256;
import saddlelab.engine.Svd;

/**
 * One training run of a spec for one seed: full-batch gradient descent
 * {@code θ_{k+1} = θ_k − η ∇L(θ_k)}, or gradient flow integrated up to the same time {@code η·steps},
 * advanced in chunks ({@link #advance}) so that a worker can stream records and stay responsive to
 * pause and stop. Records are taken at {@link ExperimentSpec#recordSteps()} (for the flow: at the
 * times {@code t = η·k} of those steps, with {@code k} in the step column); metric work happens
 * only there, never on the step path.
 */
public final class Run {
    public enum Status { RUNNING, DONE, DIVERGED }

    /** A loss above this multiple of max(L(θ0), C(0)) counts as divergence. */
    static final double EXPLOSION_FACTOR = 1e8;
    private static final int SNAPSHOT_EVERY = 64;

    private final ExperimentSpec spec;
    private final long seed;
    private final Cost cost;
    private final DeepLinearNetwork net;
    private final LossGradient kernel;
    private final double eta;
    private final int[] recordSteps;
    private final Trace trace;
    private final double[][] gradient;
    private final double[] record;
    private final Balancedness balancedness = new Balancedness();
    private final double lossLimit;
    private final DeepLinearNetwork snapshot;
    private final DeepLinearNetwork initial;
    private int snapshotStep;
    private int step;
    private int nextRecord;
    private Status status = Status.RUNNING;
    private String message = "";
    private final double zeroTestLoss;
    private final PathView view;
    /** Non-null for a gradient-flow run. */
    private final GradientFlow flow;

    public Run(ExperimentSpec spec, int seedIndex) {
        this.spec = spec;
        this.seed = spec.runSeed(seedIndex);
        this.cost = Tasks.build(spec, seed);
        this.net = new DeepLinearNetwork(spec.layerWidths());
        initialize(net, spec, seed);
        this.kernel = new LossGradient(net, cost);
        this.eta = spec.effectiveLearningRate();
        this.recordSteps = spec.recordSteps();
        int m = Math.min(cost.inputs(), cost.outputs());
        this.trace = new Trace(m, net.depth());
        this.record = new double[trace.recordWidth()];
        this.gradient = net.newParameterVector();
        double zeroLoss = cost.evaluate(new double[cost.inputs() * cost.outputs()], null);
        this.lossLimit = EXPLOSION_FACTOR * Math.max(zeroLoss, kernel.loss());
        this.zeroTestLoss = cost.zeroTestLoss();
        this.snapshot = net.copy();
        this.initial = net.copy();
        this.view = new PathView(cost);
        this.flow = spec.optimizer.equals("flow") ? new GradientFlow(net, cost, spec.tolerance, eta) : null;
    }

    /** θ0: i.i.d. N(0, σ²) in layer order W_1 … W_L, row-major, from the seed's init stream. */
    public static void initialize(DeepLinearNetwork net, ExperimentSpec spec, long seed) {
        Rng rng = Rng.stream(seed, Tasks.INIT_STREAM);
        double sigma = spec.initScale();
        for (int l = 1; l <= net.depth(); l++) {
            for (double[] row : net.rows(l)) {
                rng.fillGaussian(row, sigma);
            }
        }
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public long seed() {
        return seed;
    }

    public Cost cost() {
        return cost;
    }

    public DeepLinearNetwork network() {
        return net;
    }

    /** θ0, kept for the NTK's change over the run. */
    public DeepLinearNetwork initialNetwork() {
        return initial;
    }

    public double learningRate() {
        return eta;
    }

    /** Gradient steps taken (for the flow: accepted integrator steps). */
    public int step() {
        return flow == null ? step : flow.acceptedSteps();
    }

    /** The time t reached: η·k for descent, the integrator's time for the flow. */
    public double time() {
        return flow == null ? eta * step : flow.time();
    }

    public Status status() {
        return status;
    }

    public boolean finished() {
        return status != Status.RUNNING;
    }

    public String message() {
        return message;
    }

    public Trace trace() {
        return trace;
    }

    public double zeroTestLoss() {
        return zeroTestLoss;
    }

    /** Hex digest of the raw bits of the current parameters. */
    public String digest() {
        return Sha256.parameterDigest(net);
    }

    /** Runs to the end. */
    public Run complete() {
        while (!finished()) {
            advance(Integer.MAX_VALUE);
        }
        return this;
    }

    /**
     * Advances by at most {@code maxSteps} gradient steps (records included); returns true when the
     * run has finished (done or diverged).
     */
    public boolean advance(int maxSteps) {
        if (flow != null) {
            return advanceFlow(maxSteps);
        }
        int budget = maxSteps;
        while (status == Status.RUNNING) {
            if (nextRecord < recordSteps.length && recordSteps[nextRecord] == step) {
                takeRecord();
                nextRecord++;
                if (status != Status.RUNNING) {
                    break;
                }
            }
            if (step >= spec.steps) {
                status = Status.DONE;
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (step % SNAPSHOT_EVERY == 0) {
                snapshot.copyFrom(net);
                snapshotStep = step;
            }
            double loss = kernel.step(eta);
            if (!(loss <= lossLimit)) { // also catches NaN
                diverge(step, loss);
                break;
            }
            step++;
            budget--;
        }
        return finished();
    }

    private boolean advanceFlow(int maxSteps) {
        int budget = maxSteps;
        while (status == Status.RUNNING) {
            double next = nextRecord < recordSteps.length ? eta * recordSteps[nextRecord] : eta * spec.steps;
            if (nextRecord < recordSteps.length && flow.time() >= next) {
                step = recordSteps[nextRecord];
                takeRecord();
                nextRecord++;
                continue;
            }
            if (nextRecord >= recordSteps.length) {
                status = Status.DONE;
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (flow.acceptedSteps() % SNAPSHOT_EVERY == 0) {
                snapshot.copyFrom(net);
                snapshotStep = step;
            }
            if (!flow.step(next)) {
                divergeFlow();
                break;
            }
            budget--;
        }
        return finished();
    }

    private void divergeFlow() {
        status = Status.DIVERGED;
        message = "the gradient flow blew up near t = " + NumberText.format(flow.time())
                + " (the integrator's step size collapsed or the parameters stopped being finite)";
    }

    private void takeRecord() {
        double loss = kernel.gradient(gradient);
        if (!(loss <= lossLimit) || !(DeepLinearNetwork.squaredNorm(gradient) < Double.POSITIVE_INFINITY)) {
            diverge(step, loss);
            return;
        }
        double[] a = kernel.endToEnd();
        double[] sv = Svd.singularValues(a, cost.outputs(), cost.inputs());
        int rank = 0;
        double nuclear = 0;
        for (double s : sv) {
            if (s > spec.rankTolerance) {
                rank++;
            }
            nuclear += s;
        }
        record[Trace.STEP] = step;
        record[Trace.TIME] = flow == null ? eta * step : flow.time();
        record[Trace.TRAIN_LOSS] = loss;
        record[Trace.TEST_LOSS] = cost.testLoss(a);
        record[Trace.RANK] = rank;
        record[Trace.NUCLEAR_NORM] = nuclear;
        record[Trace.GRAD_NORM] = Math.sqrt(DeepLinearNetwork.squaredNorm(gradient));
        record[Trace.PARAM_NORM] = net.norm();
        record[Trace.BALANCEDNESS] = balancedness.max(net);
        System.arraycopy(sv, 0, record, Trace.SINGULAR_VALUES, sv.length);
        for (int l = 1; l <= net.depth(); l++) {
            record[trace.layerNormsColumn() + l - 1] = net.layerNorm(l);
        }
        record[trace.alignmentColumn()] = view.alignment(a);
        record[trace.alignmentColumn() + 1] = view.x(a);
        record[trace.alignmentColumn() + 2] = view.y(a);
        trace.add(record);
    }

    private void diverge(int atStep, double loss) {
        status = Status.DIVERGED;
        double sharpness = SafeLearningRate.sharpness(snapshot, cost);
        StringBuilder sb = new StringBuilder();
        sb.append("diverged at step ").append(atStep).append(" with learning rate ").append(NumberText.format(eta))
                .append(": loss ").append(loss - loss == 0 ? NumberText.approx(loss, 3) : "is not finite");
        if (loss - loss == 0) {
            sb.append(" (limit ").append(NumberText.approx(lossLimit, 3)).append(")");
        }
        double safe = SafeLearningRate.suggest(eta, sharpness);
        sb.append("; top Hessian eigenvalue near step ").append(snapshotStep).append(" ≈ ")
                .append(sharpness - sharpness == 0 ? NumberText.format(SafeLearningRate.round2(sharpness)) : "n/a")
                .append(", try a learning rate of at most ").append(NumberText.format(safe));
        message = sb.toString();
    }
}
