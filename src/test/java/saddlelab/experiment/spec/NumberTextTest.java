package saddlelab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberTextTest {
    @Test
    void formatIsShortestRoundTrip() {
        Random r = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            double x = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            if (x - x != 0 || Math.abs(x) < Double.MIN_NORMAL) {
                continue;
            }
            String s = NumberText.format(x);
            assertEquals(Double.doubleToRawLongBits(x == 0 ? 0.0 : x), Double.doubleToRawLongBits(Double.parseDouble(s)), s);
            // one digit fewer never reads back to x
            BigDecimal exact = new BigDecimal(x);
            int digits = new BigDecimal(s).stripTrailingZeros().precision();
            if (digits > 1) {
                BigDecimal shorter = exact.round(new MathContext(digits - 1));
                assertNotEquals(x, shorter.doubleValue(), s);
            }
        }
    }

    /**
     * The fast path (Schubfach) against the exact BigDecimal search it replaced, on doubles of every kind:
     * uniform bit patterns, each binade's ends (a power of two, where the gap below is half the gap above,
     * and its neighbours), short decimals read back, and sums like a run's times (k·η).
     */
    @Test
    void formatAgreesWithTheExactSearchOnGeneratedDoubles() {
        Random r = new Random(3);
        java.util.List<Double> xs = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            xs.add(Double.longBitsToDouble(r.nextLong()));
        }
        for (int e = 1; e < 2047; e++) {
            long p = (long) e << 52;
            for (long d = -2; d <= 2; d++) {
                xs.add(Double.longBitsToDouble(p + d));
            }
            xs.add(Double.longBitsToDouble(p | ((1L << 52) - 1)));
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder().append(1 + r.nextInt(9)).append('.');
            for (int k = r.nextInt(17); k > 0; k--) {
                sb.append(r.nextInt(10));
            }
            xs.add(Double.parseDouble(sb.append('e').append(r.nextInt(640) - 320).toString()));
        }
        double eta = 0.2;
        for (int k = 0; k < 5_000; k++) {
            xs.add(k * eta);
            xs.add(k * 0.1 + 1e-3 * k);
        }
        int checked = 0;
        for (double x : xs) {
            if (x - x != 0) {
                continue;
            }
            for (double v : new double[] {x, -x}) {
                assertEquals(NumberText.formatExact(v), NumberText.format(v), () -> Long.toHexString(Double.doubleToRawLongBits(v)));
                checked++;
            }
        }
        assertTrue(checked > 100_000, "checked " + checked);
    }

    @Test
    void multiplyHighIsTheHighHalfOfTheProduct() {
        Random r = new Random(4);
        for (int i = 0; i < 100_000; i++) {
            long a = r.nextLong() >>> r.nextInt(2);
            long b = r.nextLong() >>> 1 >>> r.nextInt(40);
            a = a & Long.MAX_VALUE;
            assertEquals(Math.multiplyHigh(a, b), Schubfach.multiplyHigh(a, b));
        }
        assertEquals(Math.multiplyHigh(Long.MAX_VALUE, Long.MAX_VALUE), Schubfach.multiplyHigh(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void layoutFollowsEcmaScriptNumberToString() {
        String[][] cases = {
            {"0", "0"}, {"-0.0", "0"}, {"1", "1"}, {"-7", "-7"}, {"0.1", "0.1"}, {"0.2", "0.2"}, {"1e-7", "1e-7"},
            {"0.000001", "0.000001"}, {"1.5e-7", "1.5e-7"}, {"123.456", "123.456"}, {"1e21", "1e+21"},
            {"1e20", "100000000000000000000"}, {"1.2345e22", "1.2345e+22"}, {"0.0001", "0.0001"},
            {"2.5e-10", "2.5e-10"}, {"5e-324", "5e-324"}, {"1.7976931348623157e308", "1.7976931348623157e+308"},
            {"0.30000000000000004", "0.30000000000000004"}, {"123456789012345680000", "123456789012345680000"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], NumberText.format(Double.parseDouble(c[0])), c[0]);
        }
    }

    @Test
    void approxRoundsToSignificantDigits() {
        String[][] cases = {{"3741288944052394000", "3.74e+18"}, {"21539620925.172157", "2.15e+10"},
            {"999999", "1e+6"}, {"123456", "123000"}, {"0.000123456", "1.23e-4"}, {"0.00123456", "0.00123"},
            {"-4.5e-9", "-4.5e-9"}, {"1", "1"}, {"0.5", "0.5"}, {"-0.0", "0"}, {"12.345", "12.3"}, {"0.125", "0.125"},
            {"1.005", "1"}, {"1.00500001", "1.01"}, {"1.7976931348623157e308", "1.8e+308"}, {"5e-324", "4.94e-324"}};
        for (String[] c : cases) {
            assertEquals(c[1], NumberText.approx(Double.parseDouble(c[0]), 3), c[0]);
        }
        // messages about runs that blew up name the value instead of failing
        assertEquals("NaN", NumberText.approx(Double.NaN, 3));
        assertEquals("∞", NumberText.approx(Double.POSITIVE_INFINITY, 3));
        assertEquals("−∞", NumberText.approx(Double.NEGATIVE_INFINITY, 3));
        assertThrows(IllegalArgumentException.class, () -> NumberText.format(Double.NaN));
    }

    @Test
    void parseRoundsCorrectly() {
        Random r = new Random(2);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextBoolean()) {
                sb.append('-');
            }
            int intDigits = 1 + r.nextInt(20);
            sb.append(1 + r.nextInt(9));
            for (int k = 1; k < intDigits; k++) {
                sb.append(r.nextInt(10));
            }
            if (r.nextBoolean()) {
                sb.append('.');
                int frac = 1 + r.nextInt(25);
                for (int k = 0; k < frac; k++) {
                    sb.append(r.nextInt(10));
                }
            }
            if (r.nextBoolean()) {
                sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "-" : "+").append(r.nextInt(290));
            }
            String s = sb.toString();
            double expected = Double.parseDouble(s);
            if (Math.abs(expected) < Double.MIN_NORMAL || Double.isInfinite(expected)) {
                continue;
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(NumberText.parse(s)), s);
        }
        // halfway cases round to even
        assertEquals(9007199254740992.0, NumberText.parse("9007199254740993"));
        assertEquals(9007199254740996.0, NumberText.parse("9007199254740995"));
        assertEquals(0.1, NumberText.parse("0.1"));
        assertEquals(-0.0, NumberText.parse("-0"));
        assertThrows(ArithmeticException.class, () -> NumberText.parse("1e400"));
        assertThrows(ArithmeticException.class, () -> NumberText.parse("1e-400"));
    }
}
