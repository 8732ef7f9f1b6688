package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    static final String GOLDEN_FIRST = "b3f2af6d0fc710c5";
    static final String GOLDEN_GAUSSIAN = "3ffe267c87ac62eb";

    @Test
    void sameSeedSameStreamDifferentSeedDifferentStream() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        Rng c = new Rng(43);
        boolean differs = false;
        for (int i = 0; i < 1000; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
        assertNotEquals(Rng.stream(1, 1).nextLong(), Rng.stream(1, 2).nextLong());
    }

    @Test
    void gaussianHasStandardMoments() {
        Rng r = new Rng(2024);
        int n = 1_000_000;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s1 += g;
            s2 += g * g;
            s4 += g * g * g * g;
        }
        assertEquals(0, s1 / n, 5e-3);
        assertEquals(1, s2 / n, 5e-3);
        assertEquals(3, s4 / n, 3e-2); // kurtosis of a normal
    }

    @Test
    void uniformsAreUniform() {
        Rng r = new Rng(9);
        int bins = 10;
        int[] counts = new int[bins];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            counts[(int) (u * bins)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            double e = (double) n / bins;
            chi2 += (c - e) * (c - e) / e;
        }
        assertTrue(chi2 < 27.9, "chi² = " + chi2); // 99.9 % quantile, 9 degrees of freedom
        int[] small = new int[3];
        for (int i = 0; i < 30_000; i++) {
            small[r.nextInt(3)]++;
        }
        for (int c : small) {
            assertEquals(10_000, c, 400);
        }
    }

    @Test
    void goldenStreamGuardsCrossRuntimeChanges() {
        // Any change to seeding or to the generator changes every trajectory: this pins the stream.
        // The values were produced by this generator once; the browser build is held to the same.
        Rng r = new Rng(1);
        assertEquals(GOLDEN_FIRST, Long.toHexString(r.nextLong()));
        assertEquals(GOLDEN_GAUSSIAN, Long.toHexString(Double.doubleToRawLongBits(new Rng(1).nextGaussian())));
    }
}
