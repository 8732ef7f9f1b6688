package saddlelab.experiment.run;

/**
 * How a run stands: RUNNING until the end; then DONE (converged: the loss is within {@link #CONVERGED}
 * of its minimum, relative to where it started), UNCONVERGED (all steps taken, the loss still far from
 * its minimum: on a plateau, at a stationary point that is not a minimum, or still descending),
 * OSCILLATING (gradient descent stopped in a sustained oscillation, past its stability limit) or
 * DIVERGED. Its own type, so that the readings (saddles, summaries) and the documents can say what a
 * status means without depending on the training loop.
 */
public enum RunStatus {
    RUNNING, DONE, UNCONVERGED, OSCILLATING, DIVERGED;

    /** The relative gap (L − C_min)/(L(θ₀) − C_min) below which a run counts as converged. */
    public static final double CONVERGED = 1e-4;

    /** A numerical failure: the run stopped before its steps were taken (diverged or oscillating). */
    public boolean failed() {
        return this == DIVERGED || this == OSCILLATING;
    }
}
