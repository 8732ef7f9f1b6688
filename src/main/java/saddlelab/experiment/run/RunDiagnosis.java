package saddlelab.experiment.run;

import saddlelab.engine.Cost;
import saddlelab.experiment.spec.NumberText;

/**
 * What a run's end says when it is not a plain success, apart from the loop that decides it ({@link Run}):
 * where an unconverged run stands (on a plateau or still falling, past its stability limit or not, and
 * what would help: more steps, or a learning rate up to the stability limit at a balanced minimum 2/λ),
 * why an oscillating or diverged run was stopped and at what learning rate it would not be, and the
 * transient oscillations a run went through. Every number it names is the one its inequality is about.
 */
final class RunDiagnosis {
    private final Cost cost;
    private final double eta;
    /** Gradient descent (a stability limit applies); false for the flow. */
    private final boolean descent;
    private final int depth;
    private final double referenceScale;
    private final double lossLimit;
    private final LossWatch watch;

    /** The optimizer with its parameters when it is not plain descent ("Adam (β₁ = 0.9, …)"), else "". */
    private final String optimizer;

    RunDiagnosis(Cost cost, double eta, boolean descent, int depth, double referenceScale, double lossLimit,
            LossWatch watch, String optimizer) {
        this.optimizer = optimizer;
        this.cost = cost;
        this.eta = eta;
        this.descent = descent;
        this.depth = depth;
        this.referenceScale = referenceScale;
        this.lossLimit = lossLimit;
        this.watch = watch;
    }

    /**
     * All steps taken, the loss {@code last} still far from its minimum {@code floor}: where the run
     * stands and what would help. {@code rise} is the record where the loss first rose (the trace's
     * size if never), {@code steps} the steps in words, {@code transientNote} appended when not empty.
     */
    /**
     * A done run's message: its transient note, and for a classification loss, which has no minimum to arrive
     * at, what "done" means there and where the run stands (the paper's saddle picture ends at the last
     * plateau: past it the loss keeps falling and ‖A‖ keeps growing, only A's direction settles).
     */
    String done(Trace t, String transientNote) {
        if (!(cost instanceof saddlelab.engine.ClassificationCost c)) {
            return transientNote;
        }
        return "the " + c.loss() + " loss has no minimum here: done means below 1e-4 of its start, and past the last "
                + "plateau ‖A‖ keeps growing while only A's direction converges" + classified(t)
                + (transientNote.isEmpty() ? "" : "; " + transientNote);
    }

    /** "; train accuracy …, test error …, normalized margin …" at the last record (classification). */
    private static String classified(Trace t) {
        int n = t.size();
        if (n == 0) {
            return "";
        }
        double test = t.get(n - 1, Trace.TEST_LOSS);
        return "; train accuracy " + NumberText.approx(100 * t.get(n - 1, Trace.TRAIN_ACCURACY), 3) + " %"
                + (test == test ? ", test error " + NumberText.approx(100 * test, 3) + " %" : "")
                + ", normalized margin " + NumberText.approx(t.get(n - 1, Trace.MARGIN), 3);
    }

    String unconverged(Trace t, double last, double floor, double initialLoss, String steps, int rise,
            String transientNote) {
        int n = t.size();
        if (cost instanceof saddlelab.engine.ClassificationCost c) {
            // no minimizer: the loss falls towards its infimum 0 like 1/t while A's direction converges; a loss that
            // climbed above its start took a step too large (the bouncing phase below the start ends by itself)
            String climbed = rise < n ? " But its loss rose above where it started at step "
                    + NumberText.format(t.get(rise, Trace.STEP)) + " (to " + NumberText.approx(t.get(rise, Trace.TRAIN_LOSS), 4)
                    + "): η = " + NumberText.format(eta) + " is too large for it there; a smaller learning rate would be "
                    + "steadier." : " More steps would take it further.";
            return "not converged after " + steps + ": train loss " + NumberText.approx(last, 4) + " of "
                    + NumberText.approx(initialLoss, 4) + " at the start; the " + c.loss() + " loss has no minimizer on "
                    + "separable data (it falls towards 0 as ‖A‖ grows, A's direction converging), so a run is done "
                    + "only below 1e-4 of its start" + classified(t) + "." + climbed
                    + (transientNote.isEmpty() ? "" : "; " + transientNote);
        }
        // how much the loss still moved over the last tenth of the run
        double tEnd = n > 0 ? t.get(n - 1, Trace.TIME) : 0;
        int i = n - 1;
        while (i > 0 && t.get(i - 1, Trace.TIME) >= 0.9 * tEnd) {
            i--;
        }
        double earlier = i > 0 ? t.get(i - 1, Trace.TRAIN_LOSS) : initialLoss;
        double moved = (earlier - last) / Math.max(earlier - floor, Double.MIN_VALUE);
        double g = n > 0 ? t.get(n - 1, Trace.GRAD_NORM) : Double.NaN;
        int escaped = n > 0 ? (int) t.get(n - 1, Trace.ESCAPED_RANK) : -1;
        StringBuilder sb = new StringBuilder();
        sb.append("not converged after ").append(steps).append(": train loss ").append(NumberText.approx(last, 4))
                .append(", minimum ").append(NumberText.approx(floor, 4)).append(" (")
                .append(floor == 0 ? (cost instanceof saddlelab.engine.CompletionCost ? "the task's matrix" : "an exact fit")
                        : "the best fit this network can represent")
                .append("); ");
        double peak = 0;
        for (int k = 0; k < n; k++) {
            peak = Math.max(peak, t.get(k, Trace.GRAD_NORM));
        }
        if (moved < 0.05 || g <= 0.01 * peak) { // barely moving, or ‖∇θL‖ far below the escapes' peaks
            sb.append("the run ended on a plateau (the loss moved by ").append(NumberText.approx(100 * Math.max(0, moved), 2))
                    .append(" % of its gap over the last tenth of the run; ‖∇θL‖ = ").append(NumberText.approx(g, 3));
            if (escaped >= 0) {
                sb.append(", ").append(escaped).append(escaped == 1 ? " direction" : " directions").append(" escaped");
            }
            sb.append("): a saddle or a stationary point that is not a minimum");
        } else {
            sb.append("the loss was still falling (").append(NumberText.approx(100 * moved, 2))
                    .append(" % of its gap over the last tenth of the run)");
        }
        // descent's stability limit at the minimum (2/λ, λ the sharpness of a balanced minimum)
        // (plain descent's only: minibatches, momentum and Adam have other limits, and floors of their own)
        boolean plain = descent && optimizer.isEmpty();
        double limit = plain ? 2 / SafeLearningRate.minimumSharpness(cost, depth, referenceScale) : Double.NaN;
        if (descent && !plain && rise < n) { // climbed above its start: the optimizer's step is too large here
            sb.append(". But its loss rose above where it started at step ").append(NumberText.format(t.get(rise, Trace.STEP)))
                    .append(" (to ").append(NumberText.approx(t.get(rise, Trace.TRAIN_LOSS), 4)).append("): with η = ")
                    .append(NumberText.format(eta)).append(", ").append(optimizer)
                    .append(" is past what it can take here; a smaller learning rate would settle it.");
            return sb.toString();
        }
        if (plain && rise < n) { // descent past its stability limit: more steps would only repeat the rise
            double least = Double.POSITIVE_INFINITY;
            for (int k = 0; k < rise; k++) {
                least = Math.min(least, t.get(k, Trace.TRAIN_LOSS));
            }
            sb.append(". But its loss rose at step ").append(NumberText.format(t.get(rise, Trace.STEP))).append(" (from ")
                    .append(NumberText.approx(least, 4)).append(" to ").append(NumberText.approx(t.get(rise, Trace.TRAIN_LOSS), 4))
                    .append("): with η = ").append(NumberText.format(eta)).append(" gradient descent is past its stability limit");
            if (limit < eta) {
                sb.append(" (at the minimum about 2/λ = ").append(NumberText.format(SafeLearningRate.round2(limit))).append(')');
            }
            sb.append(", so more steps would not settle it; a smaller learning rate would.");
            return sb.toString() + (transientNote.isEmpty() ? "" : "; " + transientNote);
        }
        sb.append(". More steps");
        if (descent && !plain) {
            sb.append(" would take it further; under ").append(optimizer).append(" at η = ").append(NumberText.format(eta))
                    .append(" the loss also keeps moving at a floor of the optimizer's own (minibatch noise, momentum, Adam's"
                            + " normalized steps), which a smaller learning rate lowers.");
        } else if (descent) {
            if (limit > 1.5 * eta) {
                sb.append(", or a larger learning rate (η = ").append(NumberText.format(eta))
                        .append("; descent stays stable at the minimum up to about 2/λ = ")
                        .append(NumberText.format(SafeLearningRate.round2(limit)))
                        .append(", λ the sharpness of a balanced minimum)");
            }
            sb.append(" would take it further");
            if (limit < eta) {
                sb.append("; note that η = ").append(NumberText.format(eta))
                        .append(" is above the stability limit at the minimum, about ")
                        .append(NumberText.format(SafeLearningRate.round2(limit)));
            }
            sb.append('.');
        } else {
            sb.append(" would take it further.");
        }
        return sb.toString() + (transientNote.isEmpty() ? "" : "; " + transientNote);
    }


    /**
     * The first transient oscillation, if there was one: where, and how close to the stability limit
     * η·λ = 2 descent was there. Empty without one.
     */
    String transientNote(double transientEtaLambda, int transientSnapshot) {
        long from = watch.transientStart();
        if (from < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("a transient oscillation at steps ").append(from).append('–')
                .append(watch.transientEnd()).append(" died out");
        if (transientEtaLambda > 0 && transientEtaLambda - transientEtaLambda == 0) {
            sb.append(" (η·λ ≈ ").append(NumberText.approx(transientEtaLambda, 3)).append(" near step ")
                    .append(transientSnapshot).append(", the stability limit being 2)");
        }
        return sb.toString();
    }

    /** The stability condition at the snapshot in words, its inequality true to its number. */
    static String stability(double etaLambda) {
        String x = NumberText.approx(etaLambda, 3);
        return etaLambda > 2 ? "η·λ ≈ " + x + " > 2" : "η·λ ≈ " + x + ", just under the limit 2 there";
    }

    /**
     * A sustained oscillation at {@code step}: since when, its period and range, η, the sharpness at the
     * last snapshot compared truly with the limit η·λ = 2, and a safer learning rate.
     */
    String oscillating(int step, double sharpness, int snapshotStep) {
        int period = watch.period();
        StringBuilder sb = new StringBuilder();
        sb.append("stopped at step ").append(step).append(": the loss has oscillated since step ")
                .append(watch.oscillationStart()).append(" without progress and without dying out (")
                .append(period > 0 ? "period " + period + ", " : "").append("between ")
                .append(NumberText.approx(watch.oscillationLow(), 4)).append(" and ")
                .append(NumberText.approx(watch.oscillationHigh(), 4)).append(") with learning rate ")
                .append(NumberText.format(eta)).append(optimizer.isEmpty() ? ": gradient descent is past its stability limit here"
                        : " under " + optimizer + ": past what it can take here (the limit η·λ < 2 below is gradient "
                        + "descent's, a guide for other optimizers)");
        if (sharpness > 0 && sharpness - sharpness == 0) {
            sb.append(" (top Hessian eigenvalue near step ").append(snapshotStep).append(" ≈ ")
                    .append(rounded(SafeLearningRate.round2(sharpness))).append(", so ")
                    .append(stability(eta * sharpness)).append(")");
        }
        sb.append("; try a learning rate of at most ").append(rounded(SafeLearningRate.suggest(eta, sharpness)));
        return sb.toString();
    }

    /**
     * A two-digit value for a message: as it is in the usual range, and in two significant digits far outside
     * it, where rounding by powers of ten leaves digits of round-off (a blown-up run's sharpness, 2.8e+92, read
     * "2.799999999999998e+92").
     */
    static String rounded(double x) {
        return x > 0 && (x >= 1e6 || x < 1e-6) ? NumberText.approx(x, 2) : NumberText.format(x);
    }

    /** Divergence at {@code atStep}: the loss (or that it is not finite), η, the sharpness, a safer rate. */
    String diverged(int atStep, double loss, double sharpness, int snapshotStep) {
        StringBuilder sb = new StringBuilder();
        sb.append("diverged at step ").append(atStep).append(" with learning rate ").append(NumberText.format(eta))
                .append(optimizer.isEmpty() ? "" : " under " + optimizer).append(": loss ").append(loss - loss == 0 ? NumberText.approx(loss, 3) : "is not finite");
        if (loss - loss == 0) {
            sb.append(" (limit ").append(NumberText.approx(lossLimit, 3)).append(")");
        }
        double safe = SafeLearningRate.suggest(eta, sharpness);
        sb.append("; top Hessian eigenvalue near step ").append(snapshotStep).append(" ≈ ")
                .append(sharpness - sharpness == 0 ? rounded(SafeLearningRate.round2(sharpness)) : "n/a")
                .append(", try a learning rate of at most ").append(rounded(safe));
        return sb.toString();
    }
}
