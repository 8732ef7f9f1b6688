package saddlelab.experiment.spec;

import java.math.BigInteger;

/**
 * The shortest decimal that reads back to a normal double, with 64-bit integer arithmetic only:
 * Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020, §§ 8–10; the
 * algorithm behind {@code Double.toString} since JDK 19, written here from the paper). The rounding
 * interval of x = c·2^q is scaled by a 126-bit approximation of 10^-k (k = ⌊log10 2^q⌋), computed once
 * from exact integers below; of the decimals at precision 10^k or 10^(k+1) in the interval, it picks the
 * one at the coarser precision if there is one (it is then the only one, and the shortest), else the
 * one nearer x (even on a tie), which is what ECMAScript's {@code Number::toString} asks for.
 *
 * <p>{@code NumberText.format} printed each of a run's ~100 000 numbers by trying precisions 1…17 with
 * BigDecimal: a finished run's document and CSV took 2.5 s of a browser worker for 0.3 s of training
 * (docs/performance.md). The old code stays as {@code NumberText.formatExact}, the tests' oracle.
 */
final class Schubfach {
    private Schubfach() {
    }

    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final long C_MIN = 1L << 52;
    private static final int Q_MIN = -1074;

    /** Per k in [K_MIN, K_MAX]: g = ⌊β⌋ + 1 where 10^-k = β·2^r, 2^125 ≤ β < 2^126, as g1 = g >> 63, g0 = g mod 2^63. */
    private static final long[] G = table();

    private static long[] table() {
        long[] g = new long[2 * (K_MAX - K_MIN + 1)];
        BigInteger mask = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            BigInteger floor;
            if (k <= 0) {
                BigInteger n = BigInteger.TEN.pow(-k);
                int s = 126 - n.bitLength();
                floor = s >= 0 ? n.shiftLeft(s) : n.shiftRight(-s);
            } else {
                BigInteger d = BigInteger.TEN.pow(k);
                floor = BigInteger.ONE.shiftLeft(125 + d.bitLength()).divide(d);
            }
            BigInteger b = floor.add(BigInteger.ONE);
            g[2 * (k - K_MIN)] = b.shiftRight(63).longValue();
            g[2 * (k - K_MIN) + 1] = b.and(mask).longValue();
        }
        return g;
    }

    /** A decimal f·10^e. */
    record Decimal(long f, int e) {
    }

    /** The shortest decimal of c·2^q (c with its hidden bit, a normal double); trailing zeros are the caller's. */
    static Decimal toDecimal(int q, long c) {
        int out = (int) c & 1; // an even c's interval includes its ends
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1; // at a power of two the gap below is half the gap above
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = G[2 * (k - K_MIN)];
        long g0 = G[2 * (k - K_MIN) + 1];
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * multiplyHigh(s, 115_292_150_460_684_698L << 4); // 10·⌊s/10⌋
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return new Decimal(upin ? sp10 : tp10, k);
            }
        }
        long t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return new Decimal(uin ? s : t, k);
        }
        long cmp = vb - ((s + t) << 1);
        return new Decimal(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k);
    }

    /** Round to odd of g·cp / 2^127 (g = g1·2^63 + g0), the paper's rop. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** The high 64 bits of the 128-bit product of two non-negative longs (32-bit halves: every runtime has these). */
    static long multiplyHigh(long a, long b) {
        long a1 = a >>> 32;
        long a0 = a & 0xffffffffL;
        long b1 = b >>> 32;
        long b0 = b & 0xffffffffL;
        long p01 = a0 * b1;
        long p10 = a1 * b0;
        long mid = ((a0 * b0) >>> 32) + (p01 & 0xffffffffL) + (p10 & 0xffffffffL);
        return a1 * b1 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
    }

    /** ⌊e·log10 2⌋ for |e| ≤ 5 456 721. */
    static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** ⌊log10(3/4 · 2^e)⌋ for |e| ≤ 2 500 456. */
    static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** ⌊e·log2 10⌋ for |e| ≤ 1 838 394. */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }
}
