package saddlelab.experiment.run;

/**
 * How many directions of A have escaped from the initialization's scale (paper §5.2–5.3): measured at
 * every record ({@link Records}), read by the saddle table ({@link Saddles}).
 */
public final class EscapedDirections {
    private EscapedDirections() {
    }

    /** The smallest gap s_k/s_{k+1} that separates escaped directions from the rest. */
    public static final double GAP = 10;

    /**
     * The number of singular values that have escaped, or −1 where the spectrum shows no clear gap:
     * the cut of the spectrum with the largest ratio {@code s_k/s_{k+1}} (at least {@link #GAP}), among
     * the cuts whose upper value is past the geometric middle √(S·F) between the scale F of the
     * initialization and the scale S of what is learned. The cut above s₁ compares it with S, the cut
     * below s_m compares s_m with F. The middle keeps a gap between two directions that are both still
     * at the initialization's scale from counting; the largest ratio keeps a direction that is growing
     * on the plateau (with L = 2 the next one grows all along) from counting before it has escaped. An
     * initialization that is not small (S/F below GAP²) has no scales apart: −1.
     *
     * @param sv        singular values of A, descending
     * @param learned   S, the scale of what is learned (s₁ of the minimizer)
     * @param initial   F, the scale of the initialization (s₁(A₀))
     */
    public static int count(double[] sv, double learned, double initial) {
        double middle = middle(learned, initial);
        if (!(middle > 0)) {
            return -1;
        }
        int m = sv.length;
        int best = -1;
        double bestRatio = GAP;
        for (int k = 0; k <= m; k++) {
            double upper = k == 0 ? learned : sv[k - 1];
            if (k > 0 && upper < middle) {
                break; // descending: every later cut sits below the middle too
            }
            double lower = k == m ? initial : sv[k];
            double ratio = lower > 0 ? upper / lower : Double.POSITIVE_INFINITY;
            if (ratio >= bestRatio) {
                best = k;
                bestRatio = ratio;
            }
        }
        return best;
    }

    /**
     * The directions past the geometric middle √(S·F), gap or not ({@link #count} without the gap): how
     * far a run that ends during an escape has got; −1 when the scales are not apart.
     */
    public static int pastMiddle(double[] sv, double learned, double initial) {
        double middle = middle(learned, initial);
        if (!(middle > 0)) {
            return -1;
        }
        int k = 0;
        while (k < sv.length && sv[k] >= middle) {
            k++;
        }
        return k;
    }

    /** √(S·F), the middle between what is learned and the initialization; NaN when they are not GAP² apart. */
    private static double middle(double learned, double initial) {
        return initial > 0 && learned >= GAP * GAP * initial ? Math.sqrt(learned * initial) : Double.NaN;
    }
}
