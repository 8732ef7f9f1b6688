package saddlelab.experiment.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A matrix with missing entries from CSV text (a class's ratings, a spreadsheet's export), read the same way by
 * the page (through the worker) and the command line: one row of the matrix per line, cells separated by
 * commas (or by semicolons or tabs, when the first data line has those and no comma), a cell in double
 * quotes allowed. A cell is a number ({@code 4}, {@code -1.5}, {@code 2e3}, {@code .5}) or missing: empty,
 * {@code NA}, {@code N/A}, {@code NaN}, {@code ?} or {@code null} (any case). A first line none of whose cells is
 * a number is a header and skipped. Numbers go through {@link NumberText#parse}, correctly rounded, so the
 * page and the command line read the same bits. Any problem is a {@link Problem} naming the line and column of
 * the file (1-based) and what is wrong there.
 */
public final class DataCsv {
    private DataCsv() {
    }

    /** The most characters a file may have (about 1 MB of text). */
    public static final int MAX_CHARS = 1_000_000;

    /** A bad file: {@code line} and {@code column} in the file (1-based; 0 when the whole file is meant). */
    public static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int line;
        public final int column;

        Problem(int line, int column, String message) {
            super((line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "") + message);
            this.line = line;
            this.column = column;
        }
    }

    /** The matrix read: {@code rows × cols} values, row-major, NaN where missing; whether a header was skipped. */
    public static final class Table {
        public final int rows;
        public final int cols;
        public final double[] values;
        public final boolean header;

        Table(int rows, int cols, double[] values, boolean header) {
            this.rows = rows;
            this.cols = cols;
            this.values = values;
            this.header = header;
        }

        /** The entries as a spec's {@code task.entries}: a list per row, null where missing. */
        public List<Object> toEntries() {
            return ExperimentSpec.Task.rowsOf(values, rows, cols);
        }
    }

    /** The holdout of a completion task given data by {@link #into} when its spec names none. */
    public static final double DEFAULT_HOLDOUT = 0.1;

    /**
     * The spec's task on the table (the command line's {@code run SPEC --data FILE.csv}): a completion task
     * completes its matrix ({@code entries}); a regression or teacher task regresses its last {@code outputs}
     * columns on the others ({@code samples}); a classification task classifies by its last column, the label,
     * under its loss. The generated task's other fields give way to the data; its holdout (else
     * {@link #DEFAULT_HOLDOUT}) and data seed stay. Returns the canonical JSON, for the caller's budget to read.
     */
    public static String into(ExperimentSpec spec, Table t) {
        ExperimentSpec.Task from = spec.task;
        if (from.isSensing()) {
            throw new SpecException("task.type", "sensing measures a generated matrix: data from a CSV file go with a "
                    + "completion, regression or classification task");
        }
        java.util.Map<String, Object> m = spec.toMap();
        java.util.Map<String, Object> task = new java.util.LinkedHashMap<>();
        if (from.isCompletion()) {
            task.put("type", "completion");
            task.put("entries", t.toEntries());
        } else if (from.isClassification()) {
            task.put("type", "classification");
            task.put("loss", from.loss);
            task.put("samples", t.toEntries());
        } else {
            task.put("type", "regression");
            task.put("outputs", from.outputs);
            task.put("samples", t.toEntries());
        }
        task.put("holdout", from.byValue() ? from.holdout : DEFAULT_HOLDOUT);
        if (spec.task.seed >= 0) {
            task.put("seed", spec.task.seed);
        }
        m.put("task", task);
        return Json.write(m);
    }

    public static Table read(String text) {
        if (text.length() > MAX_CHARS) {
            throw new Problem(0, 0, "the file has " + text.length() + " characters; at most " + MAX_CHARS + " are read");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        int last = lines.length;
        while (last > 0 && lines[last - 1].trim().isEmpty()) {
            last--;
        }
        if (last == 0) {
            throw new Problem(0, 0, "the file is empty");
        }
        char separator = separator(lines, last);
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            cells.add(split(lines[i], separator, i + 1));
        }
        boolean header = isHeader(cells.get(0));
        int first = header ? 1 : 0;
        if (first >= last) {
            throw new Problem(0, 0, "the file has a header line and no data");
        }
        int cols = cells.get(first).length;
        int rows = last - first;
        // the larger of the tasks' caps (samples'); a matrix to complete is held to its own by the spec
        if (cols > 2 * ExperimentSpec.MAX_DIMENSION) {
            throw new Problem(0, 0, "the table has " + cols + " columns; at most " + 2 * ExperimentSpec.MAX_DIMENSION);
        }
        if ((long) rows * cols > ExperimentSpec.Task.MAX_SAMPLE_VALUES) {
            throw new Problem(0, 0, "the table has " + rows + "×" + cols + " = " + (long) rows * cols + " cells; at most "
                    + ExperimentSpec.Task.MAX_SAMPLE_VALUES + " (a matrix to complete at most "
                    + ExperimentSpec.Task.MAX_DATA_CELLS + ")");
        }
        double[] values = new double[rows * cols];
        for (int i = first; i < last; i++) {
            String[] row = cells.get(i);
            if (lines[i].trim().isEmpty()) {
                throw new Problem(i + 1, 0, "an empty line inside the data (a row with no cell)");
            }
            if (row.length != cols) {
                throw new Problem(i + 1, 0, "has " + row.length + " cells where line " + (first + 1) + " has " + cols
                        + " (every row needs a cell per column, empty where missing)");
            }
            for (int j = 0; j < cols; j++) {
                values[(i - first) * cols + j] = cell(row[j], i + 1, j + 1);
            }
        }
        return new Table(rows, cols, values, header);
    }

    /** Comma, unless the first data line has semicolons (a decimal-comma locale's export) or tabs and no comma. */
    private static char separator(String[] lines, int last) {
        String probe = lines[last > 1 ? 1 : 0];
        if (probe.indexOf(',') < 0) {
            if (probe.indexOf(';') >= 0) {
                return ';';
            }
            if (probe.indexOf('\t') >= 0) {
                return '\t';
            }
        }
        return ',';
    }

    /** The cells of a line; a quoted cell may hold the separator and {@code ""} for a quote. */
    private static String[] split(String line, char separator, int lineNumber) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().trim().isEmpty()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == separator) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new Problem(lineNumber, out.size() + 1, "a quote is opened and never closed");
        }
        out.add(cell.toString());
        return out.toArray(new String[0]);
    }

    private static boolean isHeader(String[] row) {
        for (String c : row) {
            String t = c.trim();
            if (missing(t) || number(t) != null) {
                return false;
            }
        }
        return true;
    }

    private static boolean missing(String t) {
        String l = t.toLowerCase();
        return t.isEmpty() || l.equals("na") || l.equals("n/a") || l.equals("nan") || l.equals("?") || l.equals("null");
    }

    /** The JSON number token for a cell's text ("+.5" → "0.5"), or null when it is not a number. */
    static String number(String t) {
        int i = 0;
        StringBuilder token = new StringBuilder();
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            if (t.charAt(i) == '-') {
                token.append('-');
            }
            i++;
        }
        int digits = i;
        i = digitsEnd(t, i);
        String whole = t.substring(digits, i);
        String fraction = "";
        if (i < t.length() && t.charAt(i) == '.') {
            int from = i + 1;
            i = digitsEnd(t, from);
            fraction = t.substring(from, i);
        }
        if (whole.isEmpty() && fraction.isEmpty()) {
            return null;
        }
        String stripped = whole.replaceFirst("^0+(?=\\d)", "");
        token.append(stripped.isEmpty() ? "0" : stripped);
        if (!fraction.isEmpty()) {
            token.append('.').append(fraction);
        }
        if (i < t.length() && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            int from = i;
            i++;
            if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int expDigits = i;
            i = digitsEnd(t, i);
            if (i == expDigits) {
                return null;
            }
            token.append(t, from, i);
        }
        return i == t.length() && token.length() <= 400 ? token.toString() : null;
    }

    /** The index after the ASCII digits of {@code t} from {@code i}. */
    private static int digitsEnd(String t, int i) {
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static double cell(String text, int line, int column) {
        String t = text.trim();
        if (missing(t)) {
            return Double.NaN;
        }
        String token = number(t);
        if (token == null) {
            throw new Problem(line, column, "“" + (t.length() > 40 ? t.substring(0, 40) + "…" : t)
                    + "” is not a number (leave the cell empty, or write NA, where the value is missing)");
        }
        double v;
        try {
            v = NumberText.parse(token);
        } catch (ArithmeticException e) {
            throw new Problem(line, column, "“" + t + "” is out of range");
        }
        if (!(Math.abs(v) <= ExperimentSpec.Task.MAX_DATA_VALUE)) {
            throw new Problem(line, column, "“" + t + "” is larger than " + NumberText.format(ExperimentSpec.Task.MAX_DATA_VALUE)
                    + " in size");
        }
        return v;
    }
}
