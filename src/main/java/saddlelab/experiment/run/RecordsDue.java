package saddlelab.experiment.run;

/**
 * When a run's next record is due: at the spec's record steps ({@link
 * saddlelab.experiment.spec.ExperimentSpec#recordSteps()}), and in between where {@link LossWatch} sees the
 * loss move fast (at most the spec's record count of those). Shared by the descent and the flow loops.
 */
final class RecordsDue {
    private final int[] steps;
    private int next;
    /** Records still to be added where the loss moves fast. */
    private int adaptiveLeft;
    private boolean adaptivePending;

    RecordsDue(int[] steps, int adaptive) {
        this.steps = steps;
        this.adaptiveLeft = adaptive;
    }

    /** Whether a scheduled record is still to come. */
    boolean scheduledLeft() {
        return next < steps.length;
    }

    /** The step of the next scheduled record (only while {@link #scheduledLeft}). */
    int nextStep() {
        return steps[next];
    }

    /** Whether the next scheduled record is at {@code step}. */
    boolean scheduledAt(int step) {
        return next < steps.length && steps[next] == step;
    }

    /** The scheduled record has been taken. */
    void scheduledTaken() {
        next++;
    }

    /** Whether the loss watch asked for a record that has not been taken yet. */
    boolean adaptivePending() {
        return adaptivePending;
    }

    int adaptiveLeft() {
        return adaptiveLeft;
    }

    /** The loss crossed {@code doublings} doublings of its rate ({@link LossWatch#observe}): ask for a record. */
    void ask(int doublings) {
        adaptivePending |= doublings > 0 && adaptiveLeft > 0;
    }

    /** A record was taken (an adaptive one counts against the allowance). */
    void taken(boolean adaptive) {
        adaptivePending = false;
        if (adaptive) {
            adaptiveLeft--;
        }
    }
}
