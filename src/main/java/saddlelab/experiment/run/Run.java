package saddlelab.experiment.run;

import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.engine.ParameterStore;
import saddlelab.engine.Rng;
import saddlelab.engine.Sha256;
import saddlelab.engine.Stepper;
import saddlelab.engine.Svd;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

/**
 * One training run of a spec for one seed: full-batch gradient descent
 * {@code θ_{k+1} = θ_k − η ∇L(θ_k)}, or gradient flow integrated up to the same time {@code η·steps},
 * advanced in chunks ({@link #advance}) so that a worker can stream records and stay responsive to
 * pause and stop. Records are taken at {@link ExperimentSpec#recordSteps()} (for the flow: at the
 * times {@code t = η·k} of those steps, with {@code k} in the step column); metric work happens
 * only there, never on the step path.
 */
public final class Run {
    /** The relative gap below which a run counts as converged ({@link RunStatus#CONVERGED}). */
    static final double CONVERGED = RunStatus.CONVERGED;

    /** A loss above this multiple of max(L(θ0), C(0)) counts as divergence. */
    static final double EXPLOSION_FACTOR = 1e8;
    private static final int SNAPSHOT_EVERY = 64;

    private final ExperimentSpec spec;
    private final long seed;
    private final Cost cost;
    private final DeepLinearNetwork net;
    /** The Java engine over {@link #net}: the loss at θ0, and each record's gradient. */
    private final LossGradient lossGradient;
    /** Takes the descent steps (the Java engine's, or the browser's WebAssembly kernel); null for the flow. */
    private final Stepper stepper;
    /** Where θ lives while it trains (the stepper, or the flow's backend): sync and the snapshot. */
    private final ParameterStore store;
    private final double eta;
    private final int[] recordSteps;
    private final Trace trace;
    /** Measures each record into {@link #trace}. */
    private final Records records;
    private final double lossLimit;
    private final DeepLinearNetwork initial;
    private int snapshotStep;
    private int step;
    private int nextRecord;
    private RunStatus status = RunStatus.RUNNING;
    private String message = "";
    /** η·λ at the snapshot where the first transient oscillation was seen (NaN: none, or not measured). */
    private double transientEtaLambda = Double.NaN;
    private int transientSnapshot = -1;
    private final double zeroTestLoss;
    /** Non-null for a gradient-flow run; then also a state inside its last step, for records there. */
    private final GradientFlow flow;
    private final DeepLinearNetwork between;
    private final LossGradient betweenGradient;
    private final LossWatch watch;
    /** What the run's failures and unfinished ends say, and what would help. */
    private final RunDiagnosis diagnosis;
    /** Records still to be added where the loss moves fast (at most the spec's record count). */
    private int adaptiveLeft;
    private boolean adaptivePending;
    /** s₁ of the cost's minimizer: the scale of what is learned ({@link Tasks#referenceScale}). */
    private final double referenceScale;
    private final double initialLoss;

    public Run(ExperimentSpec spec, int seedIndex) {
        this(spec, seedIndex, Stepper::of);
    }

    /** A run whose steps are taken by the factory's engine (all engines give the same bits). */
    public Run(ExperimentSpec spec, int seedIndex, Stepper.Factory steppers) {
        this.spec = spec;
        this.seed = spec.runSeed(seedIndex);
        this.cost = Tasks.build(spec, seed);
        this.net = new DeepLinearNetwork(spec.layerWidths());
        initialize(net, spec, seed);
        this.lossGradient = new LossGradient(net, cost);
        this.eta = spec.effectiveLearningRate();
        this.recordSteps = spec.recordSteps();
        int m = Math.min(cost.inputs(), cost.outputs());
        this.trace = new Trace(m, net.depth());
        double zeroLoss = cost.evaluate(new double[cost.inputs() * cost.outputs()], null);
        this.lossLimit = EXPLOSION_FACTOR * Math.max(zeroLoss, lossGradient.loss());
        this.zeroTestLoss = cost.zeroTestLoss();
        this.initial = net.copy();
        boolean flows = spec.optimizer.equals("flow");
        this.flow = flows ? new GradientFlow(steppers.flow(lossGradient), spec.tolerance, eta) : null;
        this.stepper = flows ? null : steppers.create(lossGradient);
        this.store = flows ? flow.backend() : stepper;
        store.mark(); // θ0: what a failure before the first snapshot is diagnosed from
        this.between = flow != null ? net.copy() : null;
        this.betweenGradient = flow != null ? new LossGradient(between, cost) : null;
        this.initialLoss = lossGradient.loss();
        this.watch = new LossWatch(initialLoss);
        this.adaptiveLeft = spec.records;
        this.referenceScale = Tasks.referenceScale(cost);
        this.records = new Records(spec, cost, net, trace, lossLimit, referenceScale);
        this.diagnosis = new RunDiagnosis(cost, eta, flow == null, net.depth(), referenceScale, lossLimit, watch);
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
        store.sync();
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

    public RunStatus status() {
        return status;
    }

    public boolean finished() {
        return status != RunStatus.RUNNING;
    }

    /** Ended in a numerical failure of the optimizer (diverged or oscillating), not in a result. */
    public boolean failed() {
        return status.failed();
    }

    public String message() {
        return message;
    }

    /** s₁ of the cost's minimizer ({@link Tasks#referenceScale}). */
    public double referenceScale() {
        return referenceScale;
    }

    public Trace trace() {
        return trace;
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
    public Trace stableTrace() {
        int rise = firstRise();
        return rise == trace.size() ? trace : trace.head(rise);
    }

    /** A rise of the loss by this fraction of its descent so far: the instability has begun. */
    static final double RISE = 0.01;
    /** ... which must also be this fraction of the initial loss (a flat plateau's round-off is not a rise). */
    static final double RISE_FLOOR = 1e-6;

    /** The first record of a rise ({@link #stableTrace}) or of a loss that is not finite; the size if none. */
    public int firstRise() {
        double initial = trace.size() > 0 ? trace.get(0, Trace.TRAIN_LOSS) : 0;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trace.size(); i++) {
            double v = trace.get(i, Trace.TRAIN_LOSS);
            if (!(v - v == 0) || v - least > RISE * (initial - least) && v - least > RISE_FLOOR * Math.abs(initial)) {
                return i;
            }
            least = Math.min(least, v);
        }
        return trace.size();
    }

    /** How the run failed, in words for a reading's reason ("diverged at step 43"); empty unless it failed. */
    public String failure() {
        if (status == RunStatus.DIVERGED) {
            return flow != null ? "blew up near t = " + NumberText.format(flow.time()) : "diverged at step " + step;
        }
        return status == RunStatus.OSCILLATING ? "was stopped at step " + step + " in an oscillation" : "";
    }

    public double zeroTestLoss() {
        return zeroTestLoss;
    }

    /** Hex digest of the raw bits of the current parameters. */
    public String digest() {
        store.sync();
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
        while (status == RunStatus.RUNNING) {
            boolean scheduled = nextRecord < recordSteps.length && recordSteps[nextRecord] == step;
            if (scheduled || adaptivePending) {
                takeRecord(step, !scheduled);
                if (scheduled) {
                    nextRecord++;
                }
                if (status != RunStatus.RUNNING) {
                    break;
                }
            }
            if (step >= spec.steps) {
                finish();
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (step % SNAPSHOT_EVERY == 0) {
                store.mark();
                snapshotStep = step;
            }
            double loss = stepper.step(eta);
            if (!(loss <= lossLimit)) { // also catches NaN
                diverge(step, loss);
                break;
            }
            step++;
            budget--;
            // L(θ_{k}) is known only once step k is taken, so a record it asks for lands at k + 1
            adaptivePending |= watch.observe(loss, eta) > 0 && adaptiveLeft > 0;
            if (watch.oscillating()) {
                oscillate();
                break;
            }
            if (transientSnapshot < 0 && watch.transientStart() >= 0) {
                // once, at the first oscillation: the sharpness there, for the message (θ is not touched)
                transientSnapshot = snapshotStep;
                transientEtaLambda = eta * SafeLearningRate.sharpness(snapshotState(), cost);
            }
        }
        return finished();
    }

    private boolean advanceFlow(int maxSteps) {
        int budget = maxSteps;
        while (status == RunStatus.RUNNING) {
            double next = nextRecord < recordSteps.length ? eta * recordSteps[nextRecord] : eta * spec.steps;
            if (nextRecord < recordSteps.length && flow.time() >= next) {
                step = recordSteps[nextRecord];
                takeRecord(step, false);
                nextRecord++;
                continue;
            }
            if (adaptivePending) {
                takeRecord(flow.time() / eta, true); // in the step column: t/η, where descent would be
                continue;
            }
            if (nextRecord >= recordSteps.length) {
                finish();
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (flow.acceptedSteps() % SNAPSHOT_EVERY == 0) {
                store.mark();
                snapshotStep = step;
            }
            if (flow.acceptedSteps() + flow.rejectedSteps() >= Budget.FLOW_STEPS) {
                status = RunStatus.UNCONVERGED;
                message = "stopped at t = " + NumberText.approx(flow.time(), 4) + " of " + NumberText.approx(eta * spec.steps, 4)
                        + " after " + Budget.FLOW_STEPS + " integrator steps, the most a flow run may take: the flow is "
                        + "stiff here, or optimizer.tolerance (" + NumberText.format(spec.tolerance) + ") is tighter than "
                        + "it needs to be";
                break;
            }
            double before = flow.time();
            if (!flow.step(next)) {
                divergeFlow();
                break;
            }
            budget--;
            int doublings = watch.observe(flow.loss(), flow.time() - before);
            if (doublings > 1 && adaptiveLeft > 1) {
                // a long step crossed several doublings of the rate: records inside it, from the dense output
                int inside = Math.min(doublings - 1, adaptiveLeft - 1);
                for (int j = 1; j <= inside && status == RunStatus.RUNNING; j++) {
                    double at = before + (flow.time() - before) * j / (inside + 1);
                    flow.interpolate(at, between);
                    takeRecord(between, betweenGradient, at / eta, at, true);
                }
            }
            adaptivePending |= doublings > 0 && adaptiveLeft > 0;
        }
        return finished();
    }

    private void divergeFlow() {
        status = RunStatus.DIVERGED;
        message = "the gradient flow blew up near t = " + NumberText.format(flow.time())
                + " (the integrator's step size collapsed or the parameters stopped being finite)";
    }

    /** A record at the current parameters; {@code at} is the step column's value. */
    private void takeRecord(double at, boolean adaptive) {
        store.sync();
        takeRecord(net, lossGradient, at, flow == null ? eta * step : flow.time(), adaptive);
    }

    /** A record of the parameters {@code state} (the run's, or a point inside a flow step) at time {@code time}. */
    private void takeRecord(DeepLinearNetwork state, LossGradient lossGradient, double at, double time, boolean adaptive) {
        watch.recorded();
        adaptivePending = false;
        if (adaptive) {
            adaptiveLeft--;
        }
        if (!records.take(state, lossGradient, at, time, adaptive, state == net ? store : null)) {
            diverge(step, records.lastLoss());
        }
    }

    /**
     * All steps taken: DONE when the loss has come within {@link #CONVERGED} of its minimum C_min
     * (relative to the initial gap), else UNCONVERGED with a message that says where the run stands
     * and what would help. C_min is the task's ({@link Tasks#lossFloor}), for this network's narrowest
     * layer; where it is unknown (completion through a layer narrower than the task's rank) the run
     * counts as done.
     */
    private void finish() {
        Trace t = trace;
        int n = t.size();
        double last = n > 0 ? t.get(n - 1, Trace.TRAIN_LOSS) : initialLoss;
        double floor = Tasks.lossFloor(cost, bottleneck());
        // only descent oscillates (past 2/η); the flow descends L, and its losses at round-off can look alike
        if (flow == null && watch.oscillating()) {
            oscillate();
            return;
        }
        if (floor != floor || last - floor <= CONVERGED * (initialLoss - floor) || last <= 1e-12 * initialLoss) {
            status = RunStatus.DONE;
            message = transientNote();
            return;
        }
        status = RunStatus.UNCONVERGED;
        message = diagnosis.unconverged(t, last, floor, initialLoss, steps(), firstRise(), transientNote());
    }

    /** "20000 steps", or for the flow "t = 2000 (123 integrator steps)". */
    private String steps() {
        return flow == null ? step + " steps"
                : "t = " + NumberText.format(flow.time()) + " (" + flow.acceptedSteps() + " integrator steps)";
    }

    /** The narrowest hidden width (the rank A can reach); min(n_0, n_L) for one layer. */
    private int bottleneck() {
        int b = Math.min(net.width(0), net.width(net.depth()));
        for (int l = 1; l < net.depth(); l++) {
            b = Math.min(b, net.width(l));
        }
        return b;
    }

    /** The first transient oscillation, in words ({@link RunDiagnosis#transientNote}); empty without one. */
    private String transientNote() {
        return diagnosis.transientNote(transientEtaLambda, transientSnapshot);
    }

    /** A sustained oscillation: stop with a record at this step and say why and what would help. */
    private void oscillate() {
        if (status == RunStatus.RUNNING) {
            takeRecord(step, true);
        }
        if (status == RunStatus.DIVERGED) {
            return; // the record itself found the loss past the limit
        }
        status = RunStatus.OSCILLATING;
        double sharpness = SafeLearningRate.sharpness(snapshotState(), cost);
        message = diagnosis.oscillating(step, sharpness, snapshotStep);
    }

    /** The state a failure is diagnosed from: θ at the last snapshot. */
    private DeepLinearNetwork snapshotState() {
        DeepLinearNetwork state = net.copy();
        store.marked(state);
        return state;
    }

    /** Which engine took the steps ({@link ParameterStore#name}). */
    public String engine() {
        return store.name();
    }

    /** Frees what the run's engine holds outside the Java heap. */
    public void close() {
        store.close();
    }

    private void diverge(int atStep, double loss) {
        status = RunStatus.DIVERGED;
        message = diagnosis.diverged(atStep, loss, SafeLearningRate.sharpness(snapshotState(), cost), snapshotStep);
    }
}
