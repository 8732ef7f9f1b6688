package saddlelab.engine;

/**
 * The project's seeded generator: xoshiro256** seeded through SplitMix64.
 *
 * <p>Only integer operations and {@link DetMath}, so a seed gives the same stream on the JVM and
 * in every browser; {@link java.util.Random#nextGaussian} (and {@code SplittableRandom}, absent
 * under TeaVM) are avoided on purpose.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    /** An independent stream for one purpose ("init", "data", …) of one seed. */
    public static Rng stream(long seed, long purpose) {
        return new Rng(mix(seed ^ mix(purpose + 0x632BE59BD9B4E019L)));
    }

    /** SplitMix64's finalizer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound) without modulo bias (rejection on the top bits). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        long limit = (Long.MAX_VALUE / bound) * bound;
        while (true) {
            long r = nextLong() >>> 1;
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }

    /** Standard normal by Marsaglia's polar method, with {@link DetMath#log} and sqrt only. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * DetMath.log(s) / s);
        spareGaussian = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /** Fills {@code out} with i.i.d. {@code N(0, sigma²)} draws in index order. */
    public void fillGaussian(double[] out, double sigma) {
        for (int i = 0; i < out.length; i++) {
            out[i] = sigma * nextGaussian();
        }
    }
}
