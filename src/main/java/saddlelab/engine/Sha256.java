package saddlelab.engine;

/**
 * SHA-256 (FIPS 180-4) in plain Java, so the browser build computes the same run digests and
 * content ids as the JVM without a platform crypto API. Checked against {@code MessageDigest}.
 */
public final class Sha256 {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private final int[] h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19};
    private final byte[] block = new byte[64];
    private final int[] w = new int[64];
    private int blockLength;
    private long totalLength;

    public Sha256 update(byte b) {
        block[blockLength++] = b;
        totalLength++;
        if (blockLength == 64) {
            compress();
            blockLength = 0;
        }
        return this;
    }

    public Sha256 update(byte[] bytes) {
        for (byte b : bytes) {
            update(b);
        }
        return this;
    }

    /** Feeds the 8 big-endian bytes of a long. */
    public Sha256 updateLong(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            update((byte) (v >>> s));
        }
        return this;
    }

    /** Feeds a string as UTF-8. */
    public Sha256 updateUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length()) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            }
            if (c < 0x80) {
                update((byte) c);
            } else if (c < 0x800) {
                update((byte) (0xc0 | (c >> 6)));
                update((byte) (0x80 | (c & 0x3f)));
            } else if (c < 0x10000) {
                update((byte) (0xe0 | (c >> 12)));
                update((byte) (0x80 | ((c >> 6) & 0x3f)));
                update((byte) (0x80 | (c & 0x3f)));
            } else {
                update((byte) (0xf0 | (c >> 18)));
                update((byte) (0x80 | ((c >> 12) & 0x3f)));
                update((byte) (0x80 | ((c >> 6) & 0x3f)));
                update((byte) (0x80 | (c & 0x3f)));
            }
        }
        return this;
    }

    public byte[] digest() {
        long bits = totalLength * 8;
        update((byte) 0x80);
        while (blockLength != 56) {
            update((byte) 0);
        }
        for (int s = 56; s >= 0; s -= 8) {
            update((byte) (bits >>> s));
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (h[i] >>> 24);
            out[4 * i + 1] = (byte) (h[i] >>> 16);
            out[4 * i + 2] = (byte) (h[i] >>> 8);
            out[4 * i + 3] = (byte) h[i];
        }
        return out;
    }

    private void compress() {
        for (int t = 0; t < 16; t++) {
            w[t] = ((block[4 * t] & 0xff) << 24) | ((block[4 * t + 1] & 0xff) << 16)
                    | ((block[4 * t + 2] & 0xff) << 8) | (block[4 * t + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        int f = h[5];
        int g = h[6];
        int hh = h[7];
        for (int t = 0; t < 64; t++) {
            int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int ch = (e & f) ^ (~e & g);
            int t1 = hh + s1 + ch + K[t] + w[t];
            int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int maj = (a & b) ^ (a & c) ^ (b & c);
            int t2 = s0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static String hex(byte[] bytes, int count) {
        char[] out = new char[2 * count];
        for (int i = 0; i < count; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * The run digest: the first 128 bits, in hex, of SHA-256 over the bits of every parameter
     * ({@code W_1} first, row-major). NaN is canonicalized so that runtimes agree even on a
     * diverged run.
     */
    public static String parameterDigest(DeepLinearNetwork net) {
        Sha256 sha = new Sha256();
        for (int l = 1; l <= net.depth(); l++) {
            for (double[] row : net.rows(l)) {
                for (double x : row) {
                    sha.updateLong(Double.doubleToLongBits(x));
                }
            }
        }
        return hex(sha.digest(), 16);
    }
}
