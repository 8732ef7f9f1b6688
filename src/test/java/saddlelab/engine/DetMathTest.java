package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DetMathTest {
    private static void assertSameBits(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return; // NaN payloads are not part of the contract
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + " got " + actual);
    }

    @Test
    void logMatchesFdlibmBitForBit() {
        Random r = new Random(7);
        double[] special = {1, 2, 0.5, Math.E, 1 + 1e-9, 1 - 1e-9, 1e-310, Double.MIN_VALUE, Double.MAX_VALUE,
            0.0, -0.0, -1, Double.POSITIVE_INFINITY, Double.NaN, 4.9e-324, 1.0000001, 0.9999999};
        for (double x : special) {
            assertSameBits(StrictMath.log(x), DetMath.log(x), "log(" + x + ")");
        }
        for (int i = 0; i < 200_000; i++) {
            double x = Double.longBitsToDouble(r.nextLong() & 0x7fffffffffffffffL);
            if (x - x != 0) {
                continue;
            }
            assertSameBits(StrictMath.log(x), DetMath.log(x), "log(" + x + ")");
            double y = r.nextDouble() * 4; // near 1 where the polynomial branch matters
            assertSameBits(StrictMath.log(y), DetMath.log(y), "log(" + y + ")");
        }
    }

    @Test
    void expMatchesFdlibmBitForBit() {
        Random r = new Random(11);
        double[] special = {0, -0.0, 1, -1, 0.3, 0.5, 0.7, 1.04, -1.04, 709.7, 709.8, -745.1, -746, 1e-30,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -708.5, -720};
        for (double x : special) {
            assertSameBits(StrictMath.exp(x), DetMath.exp(x), "exp(" + x + ")");
        }
        for (int i = 0; i < 200_000; i++) {
            double x = (r.nextDouble() * 2 - 1) * 750;
            assertSameBits(StrictMath.exp(x), DetMath.exp(x), "exp(" + x + ")");
            double y = (r.nextDouble() * 2 - 1) * 2;
            assertSameBits(StrictMath.exp(y), DetMath.exp(y), "exp(" + y + ")");
        }
    }

    @Test
    void powIsAccurateForInitScales() {
        Random r = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            double x = 1 + r.nextDouble() * 5000;
            double y = (r.nextDouble() * 2 - 1) * 12;
            double expected = StrictMath.pow(x, y);
            double got = DetMath.pow(x, y);
            assertTrue(Math.abs(got - expected) <= 1e-13 * Math.abs(expected) * Math.max(1, Math.abs(y * Math.log(x))),
                    "pow(" + x + "," + y + ")");
        }
        assertSameBits(1024.0, DetMath.pow(2, 10), "integer power");
        assertSameBits(0.125, DetMath.pow(2, -3), "negative integer power");
    }
}
