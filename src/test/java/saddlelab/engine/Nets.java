package saddlelab.engine;

import java.util.Random;

/** Small random networks and costs for the engine tests. */
final class Nets {
    private Nets() {
    }

    static DeepLinearNetwork random(int[] widths, double sigma, long seed) {
        DeepLinearNetwork net = new DeepLinearNetwork(widths);
        Random r = new Random(seed);
        for (int l = 1; l <= net.depth(); l++) {
            for (double[] row : net.rows(l)) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = sigma * r.nextGaussian();
                }
            }
        }
        return net;
    }

    static MseCost mse(int inputs, int outputs, int train, long seed) {
        Random r = new Random(seed);
        double[] x = new double[inputs * train];
        double[] y = new double[outputs * train];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextGaussian();
        }
        for (int k = 0; k < y.length; k++) {
            y[k] = r.nextGaussian();
        }
        return new MseCost(inputs, outputs, x, y, train, new double[0], new double[0], 0);
    }

    /** Sensing of a Gaussian rows × cols matrix by {@code count} Gaussian measurements, with a little noise. */
    static SensingCost sensing(int rows, int cols, int count, long seed) {
        Random r = new Random(seed);
        double[] target = new double[rows * cols];
        for (int k = 0; k < target.length; k++) {
            target[k] = r.nextGaussian();
        }
        double[] sensors = new double[count * rows * cols];
        for (int k = 0; k < sensors.length; k++) {
            sensors[k] = r.nextGaussian();
        }
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            double s = 0;
            for (int e = 0; e < target.length; e++) {
                s += sensors[i * target.length + e] * target[e];
            }
            y[i] = s + 0.1 * r.nextGaussian();
        }
        return new SensingCost(rows, cols, target, sensors, y);
    }

    /** Random labels (±1 for one output, 0 … K−1 for K) on Gaussian inputs: no teacher, so margins of both signs. */
    static ClassificationCost classification(int inputs, int outputs, String loss, int count, long seed) {
        Random r = new Random(seed);
        double[] x = new double[inputs * count];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextGaussian();
        }
        int[] labels = new int[count];
        for (int m = 0; m < count; m++) {
            labels[m] = outputs == 1 ? (r.nextBoolean() ? 1 : -1) : r.nextInt(outputs);
        }
        return new ClassificationCost(inputs, outputs, loss, x, labels, new double[0], new int[0]);
    }

    static CompletionCost completion(int rows, int cols, double fraction, long seed) {
        Random r = new Random(seed);
        double[] target = new double[rows * cols];
        for (int k = 0; k < target.length; k++) {
            target[k] = r.nextGaussian();
        }
        java.util.List<Integer> obs = new java.util.ArrayList<>();
        for (int k = 0; k < target.length; k++) {
            if (r.nextDouble() < fraction || obs.isEmpty() && k == target.length - 1) {
                obs.add(k);
            }
        }
        int[] observed = obs.stream().mapToInt(Integer::intValue).toArray();
        return new CompletionCost(rows, cols, target, observed);
    }

    /** A random orthogonal n×n matrix (Gram–Schmidt of a Gaussian matrix), row-major. */
    static double[] orthogonal(int n, Random r) {
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = r.nextGaussian();
            }
            for (int j = 0; j < i; j++) {
                double d = 0;
                for (int k = 0; k < n; k++) {
                    d += v[k] * q[j * n + k];
                }
                for (int k = 0; k < n; k++) {
                    v[k] -= d * q[j * n + k];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < n; k++) {
                q[i * n + k] = v[k] / norm;
            }
        }
        return q;
    }

    /** C = A B for row-major matrices. */
    static double[] mul(double[] a, int rows, int inner, double[] b, int cols) {
        double[] c = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                double x = a[i * inner + k];
                for (int j = 0; j < cols; j++) {
                    c[i * cols + j] += x * b[k * cols + j];
                }
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
