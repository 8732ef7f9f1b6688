package saddlelab.experiment.run;

import saddlelab.engine.Cost;
import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.engine.OptimizerStepper;
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
 * {@code θ_{k+1} = θ_k − η ∇L(θ_k)} ({@link DescentLoop}), or gradient flow integrated up to the same time
 * {@code η·steps} ({@link FlowLoop}), advanced in chunks ({@link #advance}) so that a worker can stream
 * records and stay responsive to pause and stop. The loop steps; the run measures each record
 * ({@link Records}) and decides how it ends ({@link RunDiagnosis} words it). Records are taken at
 * {@link ExperimentSpec#recordSteps()} (for the flow: at the times {@code t = η·k} of those steps, with
 * {@code k} in the step column); metric work happens only there, never on the step path.
 */
public final class Run {
    /** The relative gap below which a run counts as converged ({@link RunStatus#CONVERGED}). */
    static final double CONVERGED = RunStatus.CONVERGED;

    /** A loss above this multiple of max(L(θ0), C(0)) counts as divergence. */
    static final double EXPLOSION_FACTOR = 1e8;

    private final ExperimentSpec spec;
    private final long seed;
    private final Cost cost;
    private final DeepLinearNetwork net;
    /** The Java engine over {@link #net}: the loss at θ0, and each record's gradient. */
    private final LossGradient lossGradient;
    /** Where θ lives while it trains (the stepper, or the flow's backend): sync and the snapshot. */
    private final ParameterStore store;
    private final double eta;
    private final Trace trace;
    /** Measures each record into {@link #trace}. */
    private final Records records;
    private final double lossLimit;
    private final DeepLinearNetwork initial;
    private int snapshotStep;
    private RunStatus status = RunStatus.RUNNING;
    private String message = "";
    /** η·λ at the snapshot where the first transient oscillation was seen (NaN: none, or not measured). */
    private double transientEtaLambda = Double.NaN;
    private int transientSnapshot = -1;
    private final double zeroTestLoss;
    /**
     * Takes the steps: descent through a {@link Stepper} (the Java engine's, or the browser's WebAssembly
     * kernel), or the flow's integrator.
     */
    private final Loop loop;
    private final boolean flows;
    private final Loop.Host host = new Host();
    private final LossWatch watch;
    /** What the run's failures and unfinished ends say, and what would help. */
    private final RunDiagnosis diagnosis;
    /** When the next record is due (the spec's schedule, and where the loss moves fast). */
    private final RecordsDue due;
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
        int m = Math.min(cost.inputs(), cost.outputs());
        this.trace = new Trace(m, net.depth(), Trace.matrixEntries(cost.outputs(), cost.inputs(), spec.records));
        double zeroLoss = cost.evaluate(new double[cost.inputs() * cost.outputs()], null);
        this.lossLimit = EXPLOSION_FACTOR * Math.max(zeroLoss, lossGradient.loss());
        this.zeroTestLoss = cost.zeroTestLoss();
        this.initial = net.copy();
        this.flows = spec.optimizer.equals("flow");
        GradientFlow integrator = flows ? new GradientFlow(steppers.flow(lossGradient), spec.tolerance, eta) : null;
        // every optimizer on the factory's engine (the browser's kernel, else the Java engine's arrays): the
        // same bits everywhere
        OptimizerStepper.Settings settings = spec.optimizerSettings;
        Stepper stepper = flows ? null : settings.plainDescent() ? steppers.create(lossGradient)
                : steppers.optimizer(lossGradient, settings, Rng.stream(seed, Tasks.BATCH_STREAM));
        this.store = flows ? integrator.backend() : stepper;
        store.mark(); // θ0: what a failure before the first snapshot is diagnosed from
        this.initialLoss = lossGradient.loss();
        this.watch = new LossWatch(initialLoss);
        this.due = new RecordsDue(spec.recordSteps(), spec.records);
        DeepLinearNetwork between = flows ? net.copy() : null; // a state inside a flow step, for records there
        this.loop = flows ? new FlowLoop(integrator, eta, spec.steps, spec.tolerance, due, watch, between,
                new LossGradient(between, cost)) : new DescentLoop(stepper, eta, spec.steps, lossLimit, due, watch,
                spec.monotoneLoss());
        this.referenceScale = Tasks.referenceScale(cost);
        this.records = new Records(spec, cost, net, trace, lossLimit, referenceScale);
        this.diagnosis = new RunDiagnosis(cost, eta, !flows, net.depth(), referenceScale, lossLimit, watch,
                spec.optimizerText());
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
        return loop.steps();
    }

    /** The time t reached: η·k for descent, the integrator's time for the flow. */
    public double time() {
        return loop.time();
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

    /** The records a run's readings are taken from ({@link Trace#stable}): those before the loss first rose. */
    public Trace stableTrace() {
        return trace.stable(spec.monotoneLoss());
    }

    /** The first record of a rise of the loss ({@link Trace#firstRise}); the size if none. */
    public int firstRise() {
        return trace.firstRise(spec.monotoneLoss());
    }

    /** How the run failed, in words for a reading's reason ("diverged at step 43"); empty unless it failed. */
    public String failure() {
        if (status == RunStatus.DIVERGED) {
            return flows ? "blew up near t = " + NumberText.format(loop.time()) : "diverged at step " + loop.steps();
        }
        return status == RunStatus.OSCILLATING ? "was stopped at step " + loop.steps() + " in an oscillation" : "";
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
        loop.advance(maxSteps, host);
        return finished();
    }

    /** What the loop sees of this run. */
    private final class Host implements Loop.Host {
        @Override
        public boolean running() {
            return status == RunStatus.RUNNING;
        }

        @Override
        public void record(double at, boolean adaptive) {
            takeRecord(at, adaptive);
        }

        @Override
        public void record(DeepLinearNetwork state, LossGradient gradient, double at, double time, boolean adaptive) {
            takeRecord(state, gradient, at, time, adaptive);
        }

        @Override
        public void mark(int step) {
            store.mark();
            snapshotStep = step;
        }

        @Override
        public void finish() {
            Run.this.finish();
        }

        @Override
        public void diverged(int step, double loss) {
            diverge(step, loss);
        }

        @Override
        public void oscillating(int step) {
            oscillate(step);
        }

        @Override
        public void transientSeen() {
            // minibatch noise, momentum and Adam move the loss up and down without any 2-cycle of descent's:
            // a "transient oscillation past the stability limit" would misname them
            if (transientSnapshot < 0 && spec.monotoneLoss()) {
                // once, at the first oscillation: the sharpness there, for the message (θ is not touched)
                transientSnapshot = snapshotStep;
                transientEtaLambda = eta * SafeLearningRate.sharpness(snapshotState(), cost);
            }
        }

        @Override
        public void stop(RunStatus end, String why) {
            status = end;
            message = why;
        }
    }

    /** A record at the current parameters; {@code at} is the step column's value. */
    private void takeRecord(double at, boolean adaptive) {
        store.sync();
        takeRecord(net, lossGradient, at, loop.time(), adaptive);
    }

    /** A record of the parameters {@code state} (the run's, or a point inside a flow step) at time {@code time}. */
    private void takeRecord(DeepLinearNetwork state, LossGradient lossGradient, double at, double time, boolean adaptive) {
        watch.recorded();
        due.taken(adaptive);
        if (!records.take(state, lossGradient, at, time, adaptive, state == net ? store : null)) {
            diverge(loop.recordStep(), records.lastLoss());
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
        // only plain descent oscillates (past 2/η); the flow descends L, and its losses at round-off can look
        // alike; minibatch noise, momentum and Adam move the loss up and down at their own floor, which more
        // steps or a smaller rate settle, and DescentLoop never stopped them for it either
        if (spec.monotoneLoss() && !flows && watch.oscillating()) {
            oscillate(loop.steps());
            return;
        }
        if (spec.optimizerSettings.coupledDecay() && !flows) {
            finishDecayed(last);
            return;
        }
        if (floor != floor || last - floor <= CONVERGED * (initialLoss - floor) || last <= 1e-12 * initialLoss) {
            status = RunStatus.DONE;
            message = diagnosis.done(t, transientNote());
            return;
        }
        status = RunStatus.UNCONVERGED;
        message = diagnosis.unconverged(t, last, floor, initialLoss, loop.stepsText(), firstRise(), transientNote());
    }

    /**
     * A run under L2 weight decay descends L(θ) + λ/2·‖θ‖², whose minimum is not the task's: its train loss
     * stays above C_min by design. It is DONE when it is stationary for that objective, ‖∇L + λθ‖ at most
     * {@link #DECAYED} of the largest ‖∇θL‖ it recorded, else UNCONVERGED, and the message says which.
     * (AdamW's decoupled decay has no such objective; its runs are read as the others are.)
     */
    private void finishDecayed(double last) {
        store.sync();
        double lambda = spec.optimizerSettings.weightDecay;
        double[][] g = net.newParameterVector();
        lossGradient.gradient(g);
        double sum = 0;
        for (int l = 1; l <= net.depth(); l++) {
            double[][] w = net.rows(l);
            int cols = net.width(l - 1);
            for (int i = 0; i < w.length; i++) {
                for (int k = 0; k < cols; k++) {
                    double v = g[l - 1][i * cols + k] + lambda * w[i][k];
                    sum = sum + v * v;
                }
            }
        }
        double stationarity = Math.sqrt(sum);
        double peak = 0;
        for (int i = 0; i < trace.size(); i++) {
            peak = Math.max(peak, trace.get(i, Trace.GRAD_NORM));
        }
        String where = "‖∇L + λθ‖ = " + NumberText.approx(stationarity, 3) + ", " + NumberText.approx(stationarity / peak, 2)
                + " of the largest ‖∇θL‖ recorded; train loss " + NumberText.approx(last, 4);
        if (stationarity <= DECAYED * peak || !(stationarity > 0)) {
            status = RunStatus.DONE;
            message = "converged under weight decay λ = " + NumberText.format(lambda) + " (" + where
                    + ", above the task's minimum by design: decay trades the fit for a smaller ‖θ‖)";
        } else {
            status = RunStatus.UNCONVERGED;
            message = "not converged under weight decay λ = " + NumberText.format(lambda) + " after " + loop.stepsText()
                    + ": " + where + " (converged is at most " + NumberText.format(DECAYED) + " of it); more steps would help";
        }
    }

    /** A run under weight decay is stationary when ‖∇L + λθ‖ is at most this fraction of its largest ‖∇θL‖. */
    static final double DECAYED = 1e-4;

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
        return spec.monotoneLoss() ? diagnosis.transientNote(transientEtaLambda, transientSnapshot) : "";
    }

    /** A sustained oscillation: stop with a record at this step and say why and what would help. */
    private void oscillate(int step) {
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
