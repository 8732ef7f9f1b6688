package saddlelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;

/** The command line as a user calls it (exit codes, messages, documents). */
class MainTest {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,\"observed\":0.6},"
            + "\"depth\":3,\"width\":12,\"init\":{\"gamma\":1.5},\"learningRate\":0.1,\"steps\":200,\"seed\":7,"
            + "\"seeds\":2,\"records\":10}";

    @TempDir
    Path dir;

    int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runWritesTheResultsDocumentWithSeedsInParallel() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        Path outFile = dir.resolve("out.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "run", spec.toString(), "--out", outFile.toString()));
        ExperimentSpec s = ExperimentSpec.parse(SPEC);
        String expected = Results.document(s, java.util.List.of(new Run(s, 0).complete(), new Run(s, 1).complete()));
        assertEquals(expected + "\n", Files.readString(outFile));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("digest "), "the summary names each run's digest");
    }

    /**
     * {@code run SPEC --data FILE.csv} completes the file's matrix: the same document as the spec with the data in it
     * (what the page's link carries), the data's SHA-256 in it; a bad file names its line and column.
     */
    @Test
    void runCompletesTheMatrixOfACsvFile() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, "a,b,c,d\n5,3,,1\n4,,,1\n1,1,,5\n,1,5,4\n");
        Path outFile = dir.resolve("out.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "run", spec.toString(), "--data", csv.toString(), "--out", outFile.toString()), err.toString());
        ExperimentSpec s = ExperimentSpec.parse(saddlelab.experiment.spec.DataCsv.into(ExperimentSpec.parse(SPEC),
                saddlelab.experiment.spec.DataCsv.read(Files.readString(csv))));
        assertEquals(0.1, s.task.holdout);
        String expected = Results.document(s, java.util.List.of(new Run(s, 0).complete(), new Run(s, 1).complete()));
        assertEquals(expected + "\n", Files.readString(outFile));
        assertTrue(expected.contains("\"sha256\":\"" + s.task.dataSha256() + "\""), "the data's digest");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "5,3,1\n4,x,1\n");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(1, run(out, err2, "run", spec.toString(), "--data", bad.toString()));
        assertTrue(err2.toString(StandardCharsets.UTF_8).startsWith("bad data in " + bad + ": line 2, column 2: “x” is not a number"),
                err2.toString(StandardCharsets.UTF_8));
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "a,b\n,\n1,\n");
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        assertEquals(1, run(out, err3, "run", spec.toString(), "--data", empty.toString()));
        assertTrue(err3.toString(StandardCharsets.UTF_8).contains("task.entries[0]: has no observed entry"),
                err3.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadSpecExitsNonZeroNamingTheField() throws Exception {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, SPEC.replace("\"width\":12", "\"width\":1e9"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(out, err, "run", spec.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("invalid spec: width:"), err.toString());
        assertEquals(1, run(out, err, "run", dir.resolve("missing.json").toString()));
        assertEquals(2, run(out, err, "frobnicate"));
    }

    /**
     * What is not a spec file is read with a cap and named in words: a device that never ends, random
     * bytes, a file too large, UTF-16, Latin-1. Each exits 1 with one line, never an OutOfMemoryError.
     */
    @Test
    void aFileThatIsNotASpecIsNamedInWordsAndReadWithACap() throws Exception {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[Specs.MAX_SPEC_BYTES + 10]);
        Path utf16 = dir.resolve("utf16.json");
        Files.write(utf16, ("\uFEFF" + SPEC).getBytes(StandardCharsets.UTF_16LE));
        Path utf16be = dir.resolve("utf16be.json");
        Files.write(utf16be, SPEC.getBytes(StandardCharsets.UTF_16BE));
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, ("{\n\"title\":\"caf\u00e9\",\n" + SPEC.substring(1)).getBytes(StandardCharsets.ISO_8859_1));
        Path bom = dir.resolve("bom.json");
        Files.write(bom, ("\uFEFF" + SPEC).getBytes(StandardCharsets.UTF_8));
        String[][] cases = {
            {"/dev/zero", "larger than the 16 MiB"},
            {"/dev/urandom", "larger than the 16 MiB"},
            {big.toString(), "larger than the 16 MiB"},
            {utf16.toString(), "UTF-16"},
            {utf16be.toString(), "UTF-16"},
            {latin1.toString(), "not UTF-8 text (byte 0xE9 at byte 14, line 2"},
            {dir.resolve("missing.json").toString(), "no such file"},
        };
        for (String[] c : cases) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, run(out, err, "run", c[0]), c[0]);
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.startsWith("cannot read " + c[0] + ": ") && message.contains(c[1]), c[0] + ": " + message);
            assertEquals(1, message.strip().split("\n").length, "one line: " + message);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "run", bom.toString()), "a UTF-8 byte-order mark is fine: " + err);
    }

    @Test
    void presetsAndGreedy() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "presets"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < 6; i++) {
            assertTrue(lines[i].startsWith("fig" + (i + 1) + "\t"), lines[i]);
        }
        assertEquals(1, run(out, err, "run", "--preset", "fig99"));
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream greedy = new ByteArrayOutputStream();
        assertEquals(0, run(greedy, err, "greedy", spec.toString(), "--steps-per-stage", "500", "--json"));
        String doc = greedy.toString(StandardCharsets.UTF_8);
        assertTrue(doc.startsWith("{\"epsilon\":0.1,") && doc.contains("\"saddles\":[{\"loss\":"), doc);
        // the people's lines: a stage still moving after its steps is said to be one, not called a saddle
        String said = err.toString(StandardCharsets.UTF_8);
        long moving = ((java.util.List<?>) ((java.util.Map<?, ?>) saddlelab.experiment.spec.Json.parse(doc)).get("saddles")).stream()
                .filter(x -> Boolean.FALSE.equals(((java.util.Map<?, ?>) x).get("stationary"))).count();
        assertTrue(moving > 0, doc);
        assertEquals(moving, said.split("still moving after 500 steps", -1).length - 1, said);
        assertTrue(said.contains("saddle of rank 0: loss"), said);
    }

    @Test
    void runASweepAndAToolkitPreset() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "run", spec.toString(), "--sweep", "init.gamma=1,2", "--json"));
        java.util.List<saddlelab.experiment.figures.Presets.Configuration> cs = saddlelab.experiment.figures.Sweep.of(
                ExperimentSpec.parse(SPEC), "init.gamma", new double[] {1, 2});
        java.util.List<java.util.List<Run>> runs = new java.util.ArrayList<>();
        for (saddlelab.experiment.figures.Presets.Configuration c : cs) {
            runs.add(java.util.List.of(new Run(c.spec, 0).complete(), new Run(c.spec, 1).complete()));
        }
        assertEquals(Results.sweepDocument("init.gamma", Results.entries(cs, runs)) + "\n",
                out.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertEquals(1, run(out, bad, "run", spec.toString(), "--sweep", "width=10,-1"));
        assertTrue(bad.toString(StandardCharsets.UTF_8).startsWith("invalid sweep: width:"), bad.toString());
        assertEquals(2, run(out, bad, "run", spec.toString(), "--sweep", "gamma"));
        ByteArrayOutputStream words = new ByteArrayOutputStream();
        assertEquals(1, run(out, words, "run", spec.toString(), "--sweep", "init.gamma=a,b"));
        assertTrue(words.toString(StandardCharsets.UTF_8).contains("give numbers separated by commas, e.g. init.gamma=0.75,1,2"),
                words.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream escape = new ByteArrayOutputStream();
        assertEquals(0, run(escape, err, "run", "--preset", "escape", "--quick", "--json"));
        String doc = escape.toString(StandardCharsets.UTF_8).trim();
        assertTrue(doc.startsWith("{\"analysis\":\"escape\",\"configurations\":") && doc.endsWith("\"preset\":\"escape\",\"quick\":true}"), doc);
    }

    @Test
    void runPrintsASummaryForPeopleAndJsonOnlyWhenAsked() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "run", spec.toString()));
        String summary = out.toString(StandardCharsets.UTF_8);
        ExperimentSpec s = ExperimentSpec.parse(SPEC);
        Run first = new Run(s, 0).complete();
        // 200 steps do not reach the minimum: the summary says so, and why, in a line or two per run
        assertTrue(summary.startsWith("seed 7: unconverged · train ") && summary.contains(" · rank ")
                && summary.contains("digest " + first.digest()) && summary.contains("not converged after 200 steps"), summary);
        assertTrue(summary.split("\n").length == 4 && !summary.contains("\"series\""), "no JSON on the terminal: " + summary);
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        ByteArrayOutputStream quietErr = new ByteArrayOutputStream();
        assertEquals(0, run(quiet, quietErr, "run", spec.toString(), "--quiet"));
        assertEquals("", quiet.toString(StandardCharsets.UTF_8) + quietErr.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertEquals(0, run(json, err, "run", spec.toString(), "--json", "--quiet"));
        assertEquals(Results.document(s, java.util.List.of(first, new Run(s, 1).complete())) + "\n",
                json.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandLineMistakeIsAMessageAndExitTwo() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        String[][] mistakes = {
            {"geometry", spec.toString(), "--widths"},
            {"geometry", spec.toString(), "--widths", "ten,20"},
            {"escape", spec.toString(), "--alphas", "1e-2,big"},
            {"run", spec.toString(), "--frobnicate"},
            {"run", spec.toString(), "another.json"},
            {"run", "--quick"},
            {"greedy", spec.toString(), "--epsilon", "-1"},
            {"serve", "--port", "abc"},
            {"serve", "--port", "70000"},
            {"serve", "--hsts"},
            {"loadbench", "--clients", "0"},
            {"presets", "extra"},
        };
        for (String[] m : mistakes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(out, err, m), String.join(" ", m));
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(!message.contains("Exception") && !message.contains("\tat ") && message.contains("usage:"),
                    String.join(" ", m) + " → " + message);
        }
    }

    @Test
    void analysesPrintRoundedFiguresBesideTheTheory() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "geometry", spec.toString(), "--widths", "16,64", "--gammas", "2", "--seeds", "1"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("γ = 2: d_saddle ∝ w^") && text.contains("(theorem -0.5)"), text);
        assertTrue(!text.matches("(?s).*\\d{7,}.*"), "no long digit strings: " + text);
        assertTrue(Main.usage().contains("jvm-plain") || Bench.ENGINES[1].contains("jvm-plain"));
    }
}
