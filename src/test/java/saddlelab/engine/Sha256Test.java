package saddlelab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void matchesMessageDigest() throws Exception {
        Random r = new Random(5);
        for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 1000}) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
            assertArrayEquals(expected, new Sha256().update(data).digest(), "length " + len);
        }
        String text = "Saddle-to-Saddle · σ² = w^−γ 𝔼";
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)),
                new Sha256().updateUtf8(text).digest());
    }
}
