package saddlelab.experiment.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal text of doubles that is the same on every runtime, computed with exact integer
 * arithmetic (TeaVM's {@code Double.toString} prints different digits for some values, and its
 * parsing is not guaranteed to round correctly).
 *
 * <p>{@link #format} gives the shortest decimal that reads back to the same double, laid out as
 * ECMAScript's {@code Number.prototype.toString} does, so the canonical JSON written by Java equals
 * what {@code JSON.stringify} writes for the same numbers. {@link #parse} rounds correctly
 * (half-even) to the nearest double.
 */
public final class NumberText {
    private NumberText() {
    }

    private static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);
    private static final BigInteger TWO_54 = BigInteger.ONE.shiftLeft(54);
    private static final BigDecimal HALF = new BigDecimal("0.5");

    /** Shortest round-trip text of a finite double, in ECMAScript layout; {@code -0} prints as {@code 0}. */
    public static String format(double x) {
        if (x - x != 0) {
            throw new IllegalArgumentException("not a finite number");
        }
        if (x == 0) {
            return "0";
        }
        if (x == (long) x && Math.abs(x) <= 9007199254740992.0) {
            return Long.toString((long) x); // below 2^53 an integer's own digits are the shortest
        }
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52) & 0x7ff;
        if (biased == 0) {
            return formatExact(x); // subnormal: rare, and where Schubfach needs its two-digit trick (C_TINY)
        }
        Schubfach.Decimal d = Schubfach.toDecimal(biased - 1075, (1L << 52) | (bits & ((1L << 52) - 1)));
        long f = d.f();
        int e = d.e();
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        String digits = Long.toString(f);
        return layout(bits < 0, digits, digits.length() + e);
    }

    /**
     * The same text as {@link #format}, from exact decimal arithmetic (BigDecimal): the shortest rounding of
     * the exact value that stays inside its rounding interval. About fifty times slower (10 µs a number
     * against 0.2 µs on the JVM); kept for subnormals and as the tests' oracle.
     */
    static String formatExact(double x) {
        if (x == 0) {
            return "0";
        }
        boolean negative = x < 0;
        double ax = Math.abs(x);
        long bits = Double.doubleToRawLongBits(ax);
        BigDecimal exact = new BigDecimal(ax);
        double succ = Double.longBitsToDouble(bits + 1);
        double pred = Double.longBitsToDouble(bits - 1);
        BigDecimal predExact = new BigDecimal(pred);
        BigDecimal low = exact.add(predExact).multiply(HALF);
        BigDecimal high = succ - succ != 0 ? exact.add(exact.subtract(predExact).multiply(HALF))
                : exact.add(new BigDecimal(succ)).multiply(HALF);
        boolean evenMantissa = (bits & 1) == 0;
        BigDecimal chosen = exact;
        // per precision p, the p-digit decimals either side of x: those inside the rounding interval, the
        // nearer (even on a tie). Rounding x to nearest alone misses one at a power of two, where the
        // interval reaches twice as far above x as below (0x0060000000000000: 16 digits, not 17)
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downIn = inside(down, low, high, evenMantissa);
            boolean upIn = inside(up, low, high, evenMantissa);
            if (downIn && upIn) {
                int nearer = exact.subtract(down).compareTo(up.subtract(exact));
                chosen = nearer < 0 || nearer == 0 && !down.unscaledValue().testBit(0) ? down : up;
                break;
            }
            if (downIn || upIn) {
                chosen = downIn ? down : up;
                break;
            }
        }
        chosen = chosen.stripTrailingZeros();
        String digits = chosen.unscaledValue().toString();
        return layout(negative, digits, digits.length() - chosen.scale());
    }

    private static boolean inside(BigDecimal r, BigDecimal low, BigDecimal high, boolean closed) {
        int cl = r.compareTo(low);
        int ch = r.compareTo(high);
        return (cl > 0 && ch < 0) || (closed && cl >= 0 && ch <= 0);
    }

    /**
     * ECMAScript's {@code Number.prototype.toString} layout of {@code digits} (no trailing zeros) with the
     * decimal point n places from their start: x = 0.digits × 10^n.
     */
    static String layout(boolean negative, String digits, int n) {
        int k = digits.length();
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append('-');
        }
        if (k <= n && n <= 21) {
            sb.append(digits);
            for (int i = 0; i < n - k; i++) {
                sb.append('0');
            }
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.");
            for (int i = 0; i < -n; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /**
     * A double to {@code digits} significant digits (half-even, exact), for messages: plain
     * between 0.001 and 999 999, otherwise {@code 3.74e+18}-style; trailing zeros dropped. The same
     * text on every runtime, like {@link #format}.
     */
    public static String approx(double x, int digits) {
        if (x - x != 0) {
            return x != x ? "NaN" : x > 0 ? "∞" : "−∞"; // a message about a run that blew up
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal r = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String unscaled = r.unscaledValue().abs().toString();
        int e = unscaled.length() - 1 - r.scale(); // x ≈ d.ddd × 10^e
        if (-3 <= e && e <= 5) {
            return r.toPlainString();
        }
        StringBuilder sb = new StringBuilder(x < 0 ? "-" : "").append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        return sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e)).toString();
    }

    /**
     * Correctly rounded value of a JSON number token (already checked for JSON syntax). Throws
     * {@link ArithmeticException} when the magnitude is outside the normal double range.
     */
    public static double parse(String token) {
        int i = 0;
        boolean negative = false;
        if (token.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        StringBuilder digits = new StringBuilder();
        int exponent = 0;
        int len = token.length();
        while (i < len && Character.isDigit(token.charAt(i))) {
            digits.append(token.charAt(i++));
        }
        if (i < len && token.charAt(i) == '.') {
            i++;
            while (i < len && Character.isDigit(token.charAt(i))) {
                digits.append(token.charAt(i++));
                exponent--;
            }
        }
        if (i < len && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
            i++;
            boolean expNegative = false;
            if (token.charAt(i) == '+' || token.charAt(i) == '-') {
                expNegative = token.charAt(i) == '-';
                i++;
            }
            int e = 0;
            while (i < len) {
                e = e * 10 + (token.charAt(i++) - '0');
                if (e > 100000) {
                    throw new ArithmeticException("exponent out of range");
                }
            }
            exponent += expNegative ? -e : e;
        }
        BigInteger m = new BigInteger(digits.toString());
        if (m.signum() == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Quick range check from the decimal magnitude before any big power is formed.
        int magnitude = m.toString().length() + exponent;
        if (magnitude > 310 || magnitude < -306) {
            throw new ArithmeticException("number out of range");
        }
        BigInteger num = m;
        BigInteger den = BigInteger.ONE;
        if (exponent >= 0) {
            num = num.multiply(BigInteger.TEN.pow(exponent));
        } else {
            den = BigInteger.TEN.pow(-exponent);
        }
        // Find s with 2^53 ≤ num·2^s / den < 2^54.
        int s = 54 - (num.bitLength() - den.bitLength());
        BigInteger q;
        BigInteger[] qr;
        while (true) {
            BigInteger sn = s >= 0 ? num.shiftLeft(s) : num;
            BigInteger sd = s >= 0 ? den : den.shiftLeft(-s);
            qr = sn.divideAndRemainder(sd);
            q = qr[0];
            if (q.compareTo(TWO_53) < 0) {
                s++;
            } else if (q.compareTo(TWO_54) >= 0) {
                s--;
            } else {
                break;
            }
        }
        long q54 = q.longValue();
        boolean sticky = qr[1].signum() != 0;
        long mantissa = q54 >>> 1;
        if ((q54 & 1) != 0 && (sticky || (mantissa & 1) != 0)) {
            mantissa++;
        }
        int binaryExponent = 1 - s; // value = mantissa · 2^binaryExponent
        if (mantissa == (1L << 53)) {
            mantissa >>>= 1;
            binaryExponent++;
        }
        int biased = binaryExponent + 52 + 1023;
        if (biased >= 2047 || biased <= 0) {
            throw new ArithmeticException("number out of range");
        }
        long bits = ((long) biased << 52) | (mantissa & ((1L << 52) - 1));
        double v = Double.longBitsToDouble(bits);
        return negative ? -v : v;
    }
}
