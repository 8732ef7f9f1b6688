package saddlelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import saddlelab.experiment.Budget;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.SpecException;

/** Reading spec files and writing documents, the same way for every command. */
final class Specs {
    private Specs() {
    }

    /**
     * Reads and validates a spec file against a budget (null: none, for {@code run --large}); on failure
     * prints the reason (a missing file, or the validation message naming the field) and returns null.
     */
    static ExperimentSpec read(String file, PrintStream err, Budget budget) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return null;
        }
        try {
            return budget == null ? ExperimentSpec.parse(text) : ExperimentSpec.parse(text, budget);
        } catch (SpecException e) {
            err.println("invalid spec: " + e.getMessage()
                    + (budget != null && e.getMessage().contains("budget") ? " (run --large lifts the limit)" : ""));
            return null;
        }
    }

    static ExperimentSpec read(String file, PrintStream err) {
        return read(file, err, Budget.COMMAND_LINE);
    }

    /** Writes a document to the file, or to standard output without one. */
    static void emit(String doc, String outFile, PrintStream out) throws IOException {
        if (outFile != null) {
            Files.writeString(Path.of(outFile), doc + "\n", StandardCharsets.UTF_8);
        } else {
            out.println(doc);
        }
    }
}
