package saddlelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

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
            text = text(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return null;
        }
        try {
            return budget == null ? ExperimentSpec.parse(text) : budget.parse(text);
        } catch (SpecException e) {
            err.println("invalid spec: " + e.getMessage()
                    + (budget != null && e.getMessage().contains("budget") ? " (run --large lifts the limit)" : ""));
            return null;
        }
    }

    /** The most a spec file may hold; reading stops there (so {@code /dev/zero} or a wrong file cannot fill the heap). */
    static final int MAX_SPEC_BYTES = 16 << 20;

    /**
     * A spec file's text: at most {@link #MAX_SPEC_BYTES} read from it (streams and devices included),
     * UTF-8 (a leading byte-order mark dropped), and every other content named in words: a binary file,
     * UTF-16, bytes that are not UTF-8 (with where).
     */
    static String text(String file) throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(Path.of(file))) {
            bytes = in.readNBytes(MAX_SPEC_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("permission denied");
        }
        if (bytes.length > MAX_SPEC_BYTES) {
            throw new IOException("it is larger than the " + (MAX_SPEC_BYTES >> 20) + " MiB a spec file may have "
                    + "(a spec is a JSON text file)");
        }
        int n = bytes.length;
        if (n >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)
                || n >= 4 && (bytes[0] == 0 || bytes[1] == 0) && (bytes[2] == 0 || bytes[3] == 0) && bytes[0] != bytes[1]) {
            throw new IOException("it is UTF-16 text; save it as UTF-8 (a spec is a JSON text file in UTF-8)");
        }
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                throw new IOException("it is not a text file (a NUL byte at byte " + i + "); a spec is a JSON text file");
            }
        }
        int start = n >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes, start, n - start);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(n);
        java.nio.charset.CoderResult r = utf8.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = start; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new IOException(String.format("it is not UTF-8 text (byte 0x%02X at byte %d, line %d: perhaps "
                    + "Latin-1 or Windows-1252); save it as UTF-8", bytes[at] & 0xff, at, line));
        }
        utf8.flush(out);
        return out.flip().toString();
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
