package saddlelab.experiment.run;

import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.GradientFlow;
import saddlelab.engine.LossGradient;
import saddlelab.experiment.spec.NumberText;

/**
 * Gradient flow's side of a run (paper §2: the η → 0 limit of descent): the adaptive integrator taken up
 * to each record time {@code t = η·k}, with records inside a long step read from its dense output where
 * the loss moves fast.
 */
final class FlowLoop implements Loop {
    private final GradientFlow flow;
    private final double eta;
    private final int steps;
    private final double tolerance;
    private final RecordsDue due;
    private final LossWatch watch;
    /** A state inside the last step, for the records there. */
    private final DeepLinearNetwork between;
    private final LossGradient betweenGradient;
    /** The step of the last scheduled record (the flow's place in the step column, for its snapshots). */
    private int step;

    FlowLoop(GradientFlow flow, double eta, int steps, double tolerance, RecordsDue due, LossWatch watch,
            DeepLinearNetwork between, LossGradient betweenGradient) {
        this.flow = flow;
        this.eta = eta;
        this.steps = steps;
        this.tolerance = tolerance;
        this.due = due;
        this.watch = watch;
        this.between = between;
        this.betweenGradient = betweenGradient;
    }

    @Override
    public double time() {
        return flow.time();
    }

    @Override
    public int steps() {
        return flow.acceptedSteps();
    }

    @Override
    public int recordStep() {
        return step;
    }

    @Override
    public String stepsText() {
        return "t = " + NumberText.format(flow.time()) + " (" + flow.acceptedSteps() + " integrator steps)";
    }

    @Override
    public void advance(int maxSteps, Host run) {
        int budget = maxSteps;
        while (run.running()) {
            double next = due.scheduledLeft() ? eta * due.nextStep() : eta * steps;
            if (due.scheduledLeft() && flow.time() >= next) {
                step = due.nextStep();
                run.record(step, false);
                due.scheduledTaken();
                continue;
            }
            if (due.adaptivePending()) {
                run.record(flow.time() / eta, true); // in the step column: t/η, where descent would be
                continue;
            }
            if (!due.scheduledLeft()) {
                run.finish();
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (flow.acceptedSteps() % SNAPSHOT_EVERY == 0) {
                run.mark(step);
            }
            if (flow.acceptedSteps() + flow.rejectedSteps() >= Budget.FLOW_STEPS) {
                run.stop(RunStatus.UNCONVERGED, "stopped at t = " + NumberText.approx(flow.time(), 4) + " of "
                        + NumberText.approx(eta * steps, 4) + " after " + Budget.FLOW_STEPS
                        + " integrator steps, the most a flow run may take: the flow is stiff here, or "
                        + "optimizer.tolerance (" + NumberText.format(tolerance) + ") is tighter than it needs to be");
                break;
            }
            double before = flow.time();
            if (!flow.step(next)) {
                run.stop(RunStatus.DIVERGED, "the gradient flow blew up near t = " + NumberText.format(flow.time())
                        + " (the integrator's step size collapsed or the parameters stopped being finite)");
                break;
            }
            budget--;
            int doublings = watch.observe(flow.loss(), flow.time() - before);
            if (doublings > 1 && due.adaptiveLeft() > 1) {
                // a long step crossed several doublings of the rate: records inside it, from the dense output
                int inside = Math.min(doublings - 1, due.adaptiveLeft() - 1);
                for (int j = 1; j <= inside && run.running(); j++) {
                    double at = before + (flow.time() - before) * j / (inside + 1);
                    flow.interpolate(at, between);
                    run.record(between, betweenGradient, at / eta, at, true);
                }
            }
            due.ask(doublings);
        }
    }
}
