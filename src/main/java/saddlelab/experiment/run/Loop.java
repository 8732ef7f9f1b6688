package saddlelab.experiment.run;

import saddlelab.engine.DeepLinearNetwork;
import saddlelab.engine.LossGradient;

/**
 * What takes a run from record to record: gradient descent's steps ({@link DescentLoop}, whichever
 * {@link saddlelab.engine.Stepper} takes them) or gradient flow's integrator ({@link FlowLoop}). A loop only
 * steps and asks; the run ({@link Host}) measures records and decides how the run ends. A new optimizer is a
 * stepper a descent loop drives, or a loop of its own.
 */
interface Loop {
    /** Every this many steps θ is marked as the snapshot a failure is diagnosed from ({@link Host#mark}). */
    int SNAPSHOT_EVERY = 64;

    /** Advances by at most {@code maxSteps} steps (records included), until the run ends or the budget is used. */
    void advance(int maxSteps, Host run);

    /** Steps taken (for the flow: accepted integrator steps). */
    int steps();

    /** The step column's place: descent's step, the flow's last scheduled record. */
    int recordStep();

    /** The time t reached: η·k for descent, the integrator's time for the flow. */
    double time();

    /** The steps in words: "20000 steps", or for the flow "t = 2000 (123 integrator steps)". */
    String stepsText();

    /** What a loop needs of its run. */
    interface Host {
        boolean running();

        /** A record of the run's own parameters; {@code at} is the step column's value. */
        void record(double at, boolean adaptive);

        /** A record of {@code state} (a point inside the last integrator step) at time {@code time}. */
        void record(DeepLinearNetwork state, LossGradient gradient, double at, double time, boolean adaptive);

        /** θ as it is now, at {@code step}, is the snapshot a failure is diagnosed from. */
        void mark(int step);

        /** Every step taken: the run decides how it ended. */
        void finish();

        /** The loss at {@code step} is past the limit or not finite. */
        void diverged(int step, double loss);

        /** The loss watch sees a sustained oscillation at {@code step}. */
        void oscillating(int step);

        /** The loss watch has seen an oscillation begin (it may die out). */
        void transientSeen();

        /** The run stops here with this status and message. */
        void stop(RunStatus status, String message);
    }
}
