package saddlelab.cli;

import java.io.PrintStream;
import java.util.List;
import saddlelab.experiment.readings.AnalysisText;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.Json;

/**
 * Where a command's document and its summary for people go ({@code --out}, {@code --json},
 * {@code --quiet}), and how the people's lines read: runs ({@link RunReport}), a preset's checks, an
 * analysis's sentences ({@link AnalysisText}, the same the page shows).
 */
final class Output {
    final String file;
    final boolean json;
    final boolean quiet;
    final PrintStream out;
    final PrintStream err;

    Output(Options o, PrintStream out, PrintStream err) {
        this.file = o.string("--out", null);
        this.json = o.has("--json");
        this.quiet = o.has("--quiet");
        this.out = out;
        this.err = err;
    }

    void document(String doc) throws java.io.IOException {
        if (file != null) {
            Specs.emit(doc, file, out);
        }
        if (json) {
            out.println(doc);
        }
    }

    /** The people's summary: on standard output, or on standard error when it carries the JSON. */
    PrintStream people() {
        return json ? err : out;
    }

    void summary(String label, List<Run> runs) {
        if (!quiet) {
            RunReport.print(people(), label, runs);
        }
    }

    void progress(String line) {
        if (!quiet) {
            err.println(line);
        }
    }

    /** The preset's checks, one line each (a failed check is reported, not an error: the runs themselves are fine). */
    @SuppressWarnings("unchecked")
    static void checks(String doc, PrintStream to) {
        java.util.Map<String, Object> m = (java.util.Map<String, Object>) Json.parseDocument(doc);
        for (Object x : (List<Object>) m.get("checks")) {
            java.util.Map<String, Object> c = (java.util.Map<String, Object>) x;
            boolean passed = Boolean.TRUE.equals(c.get("passed"));
            to.println((passed ? "check passed: " : "check FAILED: ") + c.get("claim") + " — " + c.get("measured"));
        }
    }

    /** An analysis's sentences, a line each. */
    static void analysis(PrintStream to, String kind, java.util.Map<String, Object> result) {
        for (String line : AnalysisText.lines(kind, result)) {
            to.println(line);
        }
    }
}
