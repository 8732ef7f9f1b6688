package saddlelab.engine;

/**
 * Matrix sensing (Gunasekar et al. 2017, Arora et al. 2019, Gissin et al. 2020): M linear measurements
 * {@code yᵢ = ⟨Mᵢ, A*⟩ (+ noise)} of an {@code n × m} matrix, {@code C(A) = 1/M Σᵢ (⟨Mᵢ, A⟩ − yᵢ)²}, convex with
 * gradient {@code G = 2/M Σᵢ rᵢ Mᵢ}; the test loss is the recovery error {@code ‖A − A*‖²_F / (nm)}. Every sum
 * is one chain in order (over the entries of Mᵢ, then over i), so the bits are the same on every runtime.
 * The cost runs on the host of any engine (the kernel's generic path: its O(M·n·m) work per step is small
 * against the network's at the widths the lab runs).
 */
public final class SensingCost implements Cost {
    private final int rows;
    private final int cols;
    private final double[] target;
    /** The measurement matrices, one after another, each row-major {@code rows × cols}. */
    private final double[] sensors;
    private final double[] y;
    /** The measurements the cost sums over, ascending (all of them, or a minibatch's). */
    private final int[] used;

    /**
     * @param target  {@code A*}, row-major
     * @param sensors the M measurement matrices, concatenated
     * @param y       the M measurements
     */
    public SensingCost(int rows, int cols, double[] target, double[] sensors, double[] y) {
        this(rows, cols, target, sensors, y, all(y.length));
    }

    /** The same measurements, summed over {@code used} only (a minibatch: {@link Minibatch} rewrites it). */
    SensingCost(int rows, int cols, double[] target, double[] sensors, double[] y, int[] used) {
        this.rows = rows;
        this.cols = cols;
        this.target = target;
        this.sensors = sensors;
        this.y = y;
        this.used = used;
    }

    private static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Override
    public int outputs() {
        return rows;
    }

    @Override
    public int inputs() {
        return cols;
    }

    public double[] target() {
        return target;
    }

    public double[] sensors() {
        return sensors;
    }

    public double[] measurements() {
        return y;
    }

    /** How many measurements the cost sums over. */
    public int count() {
        return used.length;
    }

    int[] used() {
        return used;
    }

    @Override
    public double evaluate(double[] a, double[] gradient) {
        int size = rows * cols;
        if (gradient != null) {
            java.util.Arrays.fill(gradient, 0.0);
        }
        double sum = 0;
        double scale = 2.0 / used.length;
        for (int i : used) {
            int o = i * size;
            double p = 0;
            for (int e = 0; e < size; e++) {
                p = p + sensors[o + e] * a[e];
            }
            double r = p - y[i];
            sum = sum + r * r;
            if (gradient != null) {
                double c = scale * r;
                for (int e = 0; e < size; e++) {
                    gradient[e] = gradient[e] + c * sensors[o + e];
                }
            }
        }
        return sum / used.length;
    }

    @Override
    public double testLoss(double[] a) {
        double sum = 0;
        for (int e = 0; e < a.length; e++) {
            double r = a[e] - target[e];
            sum = sum + r * r;
        }
        return sum / a.length;
    }

    @Override
    public double zeroTestLoss() {
        double sum = 0;
        for (double t : target) {
            sum = sum + t * t;
        }
        return sum / target.length;
    }
}
