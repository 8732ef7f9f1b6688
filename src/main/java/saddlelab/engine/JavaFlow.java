package saddlelab.engine;

import static saddlelab.engine.GradientFlow.A;
import static saddlelab.engine.GradientFlow.D;
import static saddlelab.engine.GradientFlow.E;

/** {@link FlowBackend} on the network's own arrays: {@link LossGradient#gradient} at a probe copy of θ. */
final class JavaFlow extends JavaStore implements FlowBackend {
    private final DeepLinearNetwork net;
    private final DeepLinearNetwork probe;
    /** θ at the start of the last accepted step, for the dense output. */
    private final DeepLinearNetwork previous;
    private final LossGradient probeKernel;
    private final double[][][] k = new double[8][][];
    private final int[] cols;
    /** A layer's stage sums. */
    private final double[] sum;

    JavaFlow(DeepLinearNetwork net, Cost cost) {
        super(net);
        this.net = net;
        this.probe = net.copy();
        this.previous = net.copy();
        this.probeKernel = new LossGradient(probe, cost);
        for (int i = 1; i <= 7; i++) {
            k[i] = net.newParameterVector();
        }
        this.cols = new int[net.depth()];
        int largest = 0;
        for (int l = 1; l <= net.depth(); l++) {
            cols[l - 1] = net.width(l - 1);
            largest = Math.max(largest, net.width(l) * net.width(l - 1));
        }
        this.sum = new double[largest];
    }

    @Override
    public double start() {
        probe.copyFrom(net);
        return velocity(k[1]);
    }

    /** f(probe) = −∇L(probe) into out; returns L(probe). */
    private double velocity(double[][] out) {
        double loss = probeKernel.gradient(out);
        for (double[] layer : out) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = -layer[i];
            }
        }
        return loss;
    }

    /**
     * s in {@link #sum}, one layer at a time and one stage per pass (s = 0 + a_1 k_1, then s = s + a_j k_j):
     * each entry is still one chain in order of j, and each pass is a loop C2 can vectorize.
     */
    @Override
    public double stage(int stage, double hh) {
        double[] a = A[stage];
        int stages = stage - 1;
        double[] s = sum;
        for (int l = 1; l <= net.depth(); l++) {
            double[][] y = net.rows(l);
            double[][] p = probe.rows(l);
            int c = cols[l - 1];
            int size = y.length * c;
            double a1 = a[1];
            double[] k1 = k[1][l - 1];
            for (int q = 0; q < size; q++) {
                s[q] = 0.0 + a1 * k1[q]; // from +0, as a chain starting at 0 does (0 + (−0) is +0)
            }
            for (int j = 2; j <= stages; j++) {
                double aj = a[j];
                double[] kj = k[j][l - 1];
                for (int q = 0; q < size; q++) {
                    s[q] = s[q] + aj * kj[q];
                }
            }
            for (int i = 0; i < y.length; i++) {
                double[] yi = y[i];
                double[] pi = p[i];
                int o = i * c;
                for (int m = 0; m < c; m++) {
                    pi[m] = yi[m] + hh * s[o + m];
                }
            }
        }
        return velocity(k[stage]);
    }

    @Override
    public void error(double hh, double[] out) {
        double err2 = 0;
        double y2 = 0;
        double n2 = 0;
        for (int l = 1; l <= net.depth(); l++) {
            double[][] y = net.rows(l);
            double[][] p = probe.rows(l);
            int c = cols[l - 1];
            double[] k1 = k[1][l - 1];
            double[] k3 = k[3][l - 1];
            double[] k4 = k[4][l - 1];
            double[] k5 = k[5][l - 1];
            double[] k6 = k[6][l - 1];
            double[] k7 = k[7][l - 1];
            for (int i = 0; i < y.length; i++) {
                int o = i * c;
                for (int m = 0; m < c; m++) {
                    int q = o + m;
                    double e = hh * (E[0] * k1[q] + E[1] * k3[q] + E[2] * k4[q] + E[3] * k5[q] + E[4] * k6[q]
                            + E[5] * k7[q]);
                    err2 += e * e;
                    y2 += y[i][m] * y[i][m];
                    n2 += p[i][m] * p[i][m];
                }
            }
        }
        out[0] = err2;
        out[1] = y2;
        out[2] = n2;
    }

    @Override
    public void accept() {
        previous.copyFrom(net);
        net.copyFrom(probe);
        double[][] swap = k[1];
        k[1] = k[7];
        k[7] = swap;
    }

    @Override
    public void interpolate(double s, double hh, DeepLinearNetwork out) {
        double[][] f0 = k[7]; // after the swap: the velocity at the step's start
        double[][] f1 = k[1]; // and at its end
        for (int l = 1; l <= net.depth(); l++) {
            double[][] y0 = previous.rows(l);
            double[][] y1 = net.rows(l);
            double[][] o = out.rows(l);
            int c = cols[l - 1];
            for (int i = 0; i < y0.length; i++) {
                int base = i * c;
                for (int m = 0; m < c; m++) {
                    int q = base + m;
                    double diff = y1[i][m] - y0[i][m];
                    double bspl = hh * f0[l - 1][q] - diff;
                    double r4 = diff - hh * f1[l - 1][q] - bspl;
                    double r5 = hh * (D[0] * f0[l - 1][q] + D[1] * k[3][l - 1][q] + D[2] * k[4][l - 1][q]
                            + D[3] * k[5][l - 1][q] + D[4] * k[6][l - 1][q] + D[5] * f1[l - 1][q]);
                    o[i][m] = y0[i][m] + s * (diff + (1 - s) * (bspl + s * (r4 + (1 - s) * r5)));
                }
            }
        }
    }
}
