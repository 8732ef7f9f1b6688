package saddlelab.experiment.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Rng;
import saddlelab.experiment.documents.Link;
import saddlelab.experiment.spec.SpecException;

/**
 * The preset parser and validator (the entry point of {@code POST /api/presets} and of every link)
 * against malformed and hostile input: whatever comes in, the answer is a valid preset or a
 * {@link SpecException} naming a field, never another exception, a hang or an accepted absurdity.
 */
class PresetFuzzTest {
    static final String[] SEEDS = {
        "{\"title\":\"Fig. 1\",\"description\":\"three plateaus\",\"spec\":{\"task\":{\"type\":\"completion\","
            + "\"rows\":10,\"cols\":10,\"rank\":3,\"observed\":0.7,\"seed\":1},\"depth\":4,\"width\":100,"
            + "\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":20000,\"seed\":1,\"seeds\":1,\"records\":400,"
            + "\"rankTolerance\":0.1}}",
        "{\"spec\":{\"task\":{\"type\":\"teacher\",\"inputs\":5,\"outputs\":5,\"teacherDiagonal\":[10,20,30,40,50],"
            + "\"train\":100,\"test\":50,\"noise\":0.2},\"depth\":3,\"width\":10,\"hiddenWidths\":[7,9],"
            + "\"init\":{\"alpha\":0.01},\"learningRate\":1e-4,\"steps\":100,\"optimizer\":{\"type\":\"flow\","
            + "\"tolerance\":1e-6},\"recordSpacing\":\"linear\",\"widthScaledLearningRate\":true}}",
        "{\"spec\":{\"task\":{\"type\":\"teacher\",\"inputs\":10,\"outputs\":10,\"teacherRank\":3,\"train\":100},"
            + "\"depth\":2,\"width\":50,\"init\":{\"scheme\":\"ntk\"},\"learningRate\":1e-3,\"steps\":10}}",
    };
    static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true",
        "false", "-", "0", "1e308", "1e309", "-0", "1e-400", "0.1", "NaN", "Infinity", "9999999999999999999",
        "\"width\":", "\"spec\":", "\"init\":{", "\"gamma\":", "\"title\":", "\u2028", "\uffff", "é", " ", "\n",
        "{\"a\":", "[[[[[[[[", "\"steps\":2147483648", "\"depth\":1000", "\"width\":4096", "\"seed\":-1",
        "\"__proto__\":", "<script>", "\"type\":\"completion\"", "\"type\":\"teacher\"", "\"rows\":0"};

    /** One input to the parser; anything but a valid preset or a SpecException is a failure. */
    static void check(String input) {
        try {
            Link p = Link.parse(input);
            // accepted: it must be canonical and re-parse to itself
            Link again = Link.parse(p.document);
            assertEquals(p.document, again.document);
            assertEquals(p.id, again.id);
        } catch (SpecException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "a message");
        }
    }

    static String mutate(Rng rng, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + (int) (rng.nextDouble() * 4);
        for (int k = 0; k < edits; k++) {
            int at = b.length() == 0 ? 0 : (int) (rng.nextDouble() * b.length());
            switch ((int) (rng.nextDouble() * 7)) {
                case 0: // delete a run
                    b.delete(at, Math.min(b.length(), at + 1 + (int) (rng.nextDouble() * 8)));
                    break;
                case 1: // insert a token
                    b.insert(at, TOKENS[(int) (rng.nextDouble() * TOKENS.length)]);
                    break;
                case 2: // a random character, any plane
                    b.insert(at, (char) (rng.nextDouble() * 0x10000));
                    break;
                case 3: { // duplicate a slice (duplicate keys, repeated members)
                    int end = Math.min(b.length(), at + (int) (rng.nextDouble() * 40));
                    b.insert(end, b.substring(at, end));
                    break;
                }
                case 4: // replace a digit by an extreme number
                    for (int i = at; i < b.length(); i++) {
                        if (Character.isDigit(b.charAt(i))) {
                            b.replace(i, i + 1, TOKENS[14 + (int) (rng.nextDouble() * 9)]);
                            break;
                        }
                    }
                    break;
                case 5: // truncate
                    b.setLength(at);
                    break;
                default: // swap two characters
                    if (b.length() > 1) {
                        int other = (int) (rng.nextDouble() * b.length());
                        char c = b.charAt(at);
                        b.setCharAt(at, b.charAt(other));
                        b.setCharAt(other, c);
                    }
            }
        }
        return b.toString();
    }

    @Test
    void aHundredThousandMutatedPresetsGiveNoUnexpectedException() {
        Rng rng = new Rng(20261126);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (int n = 0; n < 100_000; n++) {
            String input = mutate(rng, SEEDS[n % SEEDS.length]);
            try {
                check(input);
                accepted++;
            } catch (Throwable t) {
                if (failures.size() < 5) {
                    failures.add(t + " for input: " + input);
                }
            }
        }
        assertTrue(failures.isEmpty(), "unexpected: " + failures);
        assertTrue(accepted > 0);
        // hostile shapes: deep nesting, huge strings, huge numbers, a lone surrogate
        check("[".repeat(100_000));
        check("{\"spec\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001));
        check("{\"title\":\"" + "x".repeat(900_000) + "\",\"spec\":{}}");
        check("{\"spec\":{\"width\":" + "9".repeat(100_000) + "}}");
        check("{\"title\":\"\\udc00\",\"spec\":{}}");
    }

    /**
     * The same check as a Jazzer fuzz target: without {@code JAZZER_FUZZ=1} JUnit replays the corpus
     * in {@code PresetFuzzTestInputs/sharedPresetParser}; with it, Jazzer explores from there.
     */
    @FuzzTest(maxDuration = "60s")
    void sharedPresetParser(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
    }
}
