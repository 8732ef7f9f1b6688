package saddlelab.experiment.run;

import saddlelab.engine.Stepper;

/**
 * Gradient descent's side of a run: {@code θ_{k+1} = θ_k − η ∇L(θ_k)}, one {@link Stepper#step} at a time,
 * records where {@link RecordsDue} says, and the loss watched for divergence and oscillation after every
 * step (metric work only at records, never on the step path).
 */
final class DescentLoop implements Loop {
    private final Stepper stepper;
    private final double eta;
    private final int steps;
    private final double lossLimit;
    private final RecordsDue due;
    private final LossWatch watch;
    private int step;

    /**
     * Whether a sustained oscillation stops the run: plain gradient descent's 2-cycle past its stability
     * limit ({@code ExperimentSpec.monotoneLoss}). Under minibatches, momentum or Adam the loss fluctuates
     * without that instability (noise, an underdamped or adaptive step), and on a classification loss, which
     * has no minimizer, descent's bouncing phase ends by itself; those runs go on: only divergence stops them.
     */
    private final boolean stopsOnOscillation;

    DescentLoop(Stepper stepper, double eta, int steps, double lossLimit, RecordsDue due, LossWatch watch,
            boolean stopsOnOscillation) {
        this.stopsOnOscillation = stopsOnOscillation;
        this.stepper = stepper;
        this.eta = eta;
        this.steps = steps;
        this.lossLimit = lossLimit;
        this.due = due;
        this.watch = watch;
    }

    @Override
    public int steps() {
        return step;
    }

    @Override
    public int recordStep() {
        return step;
    }

    @Override
    public double time() {
        return eta * step;
    }

    @Override
    public String stepsText() {
        return step + " steps";
    }

    @Override
    public void advance(int maxSteps, Host run) {
        int budget = maxSteps;
        while (run.running()) {
            boolean scheduled = due.scheduledAt(step);
            if (scheduled || due.adaptivePending()) {
                run.record(step, !scheduled);
                if (scheduled) {
                    due.scheduledTaken();
                }
                if (!run.running()) {
                    break;
                }
            }
            if (step >= steps) {
                run.finish();
                break;
            }
            if (budget <= 0) {
                break;
            }
            if (step % SNAPSHOT_EVERY == 0) {
                run.mark(step);
            }
            double loss = stepper.step(eta);
            if (!(loss <= lossLimit)) { // also catches NaN
                run.diverged(step, loss);
                break;
            }
            step++;
            budget--;
            // L(θ_{k}) is known only once step k is taken, so a record it asks for lands at k + 1
            due.ask(watch.observe(loss, eta));
            if (stopsOnOscillation && watch.oscillating()) {
                run.oscillating(step);
                break;
            }
            if (watch.transientStart() >= 0) {
                run.transientSeen();
            }
        }
    }
}
