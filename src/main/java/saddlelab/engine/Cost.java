package saddlelab.engine;

/**
 * A convex cost {@code C(A)} on {@code outputs × inputs} matrices (paper §2.1); the network's loss is
 * {@code L(θ) = C(A_θ)}. Matrices are row-major {@code double[]}.
 */
public interface Cost {
    /** {@code n_L}: rows of A. */
    int outputs();

    /** {@code n_0}: columns of A. */
    int inputs();

    /**
     * Returns {@code C(A)}, computed from the residual so it never cancels below 0, and writes
     * {@code G = ∂C/∂A} into {@code gradient} when it is not null. Allocates nothing.
     */
    double evaluate(double[] a, double[] gradient);

    /** Held-out loss of A, or NaN when the task has no test set. */
    double testLoss(double[] a);

    /** Test loss of the zero predictor {@code A = 0} (the reference line of Fig. 3), or NaN. */
    double zeroTestLoss();

    /**
     * The fraction of the training ({@code test} false) or test set A classifies correctly, for a classification
     * cost; NaN for a cost with no classes (and for an empty test set).
     */
    default double accuracy(double[] a, boolean test) {
        return Double.NaN;
    }

    /**
     * The normalized margin of A on the training set, for a classification cost: the least margin of a sample
     * over ‖A‖_F; NaN for a cost with no classes.
     */
    default double margin(double[] a) {
        return Double.NaN;
    }
}
