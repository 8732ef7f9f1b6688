package saddlelab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.spec.NumberText;

/**
 * The one option parser of the command line: each command declares its flags ({@code --quick}),
 * its options with a value ({@code --out FILE}) and how many positional arguments it takes; a
 * mistake (an unknown option, a missing or malformed value, one argument too many) is a
 * {@link UsageError} whose message says what was expected, and {@link Main} turns it into exit 2.
 */
final class Options {
    /** A mistake in the command line: its message is for the user, the exit code is 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private final String command;
    private final Map<String, Boolean> declared = new LinkedHashMap<>(); // name → takes a value
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private int maxPositional;
    private Map<String, String> environment = Map.of();
    private String positionalName = "";

    Options(String command) {
        this.command = command;
    }

    /** An option without a value. */
    Options flag(String name) {
        declared.put(name, false);
        return this;
    }

    /** An option with a value. */
    Options value(String name) {
        declared.put(name, true);
        return this;
    }

    /** Up to {@code max} positional arguments, called {@code name} in messages. */
    Options positional(int max, String name) {
        this.maxPositional = max;
        this.positionalName = name;
        return this;
    }

    Options parse(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                Boolean takesValue = declared.get(a);
                if (takesValue == null) {
                    throw new UsageError(command + ": unknown option " + a + (declared.isEmpty() ? ""
                            : " (it takes " + String.join(", ", declared.keySet()) + ")"));
                }
                if (values.containsKey(a)) {
                    throw new UsageError(command + ": " + a + " is given twice");
                }
                if (takesValue) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageError(command + ": " + a + " needs a value");
                    }
                    values.put(a, args[++i]);
                } else {
                    values.put(a, "");
                }
            } else if (positional.size() < maxPositional) {
                positional.add(a);
            } else {
                throw new UsageError(command + ": unexpected argument " + a
                        + (maxPositional == 0 ? " (it takes options only)" : " (after the " + positionalName + ")"));
            }
        }
        return this;
    }

    /** The process's environment (a scheduler's index, CPUs), given by {@link Main} so tests can give their own. */
    Map<String, String> environment() {
        return environment;
    }

    Options environment(Map<String, String> env) {
        this.environment = env;
        return this;
    }

    /** Every positional argument. */
    List<String> arguments() {
        return List.copyOf(positional);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The i-th positional argument, or null. */
    String argument(int i) {
        return i < positional.size() ? positional.get(i) : null;
    }

    /** The i-th positional argument; missing, a UsageError that names it. */
    String required(int i, String what) {
        String v = argument(i);
        if (v == null) {
            throw new UsageError(command + " needs " + what);
        }
        return v;
    }

    long integer(String name, long min, long max, long fallback) {
        if (!has(name)) {
            return fallback;
        }
        return integerValue(name, values.get(name), min, max);
    }

    private long integerValue(String name, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageError(name + " needs a whole number, e.g. " + Math.max(min, Math.min(max, 10))
                    + " (got \"" + text + "\")");
        }
        if (n < min || n > max) {
            throw new UsageError(name + " must be between " + min + " and " + max + " (got " + n + ")");
        }
        return n;
    }

    double number(String name, double min, double max, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        return numberValue(name, values.get(name), min, max);
    }

    private double numberValue(String name, String text, double min, double max) {
        double x;
        try {
            x = Double.parseDouble(text.trim()); // the JVM's parse rounds correctly; the CLI runs only there
        } catch (NumberFormatException e) {
            throw new UsageError(name + " needs a number, e.g. 0.1 or 1e-3 (got \"" + text + "\")");
        }
        if (!(x >= min && x <= max)) {
            throw new UsageError(name + " must be between " + NumberText.approx(min, 3) + " and "
                    + NumberText.approx(max, 3) + " (got " + text.trim() + ")");
        }
        return x;
    }

    /** A comma-separated list of numbers, e.g. {@code --alphas 1e-2,1e-3}. */
    double[] numbers(String name, double min, double max, double[] fallback) {
        if (!has(name)) {
            return fallback;
        }
        String[] parts = values.get(name).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = numberValue(name, parts[i], min, max);
        }
        return out;
    }

    int[] integers(String name, int min, int max, int[] fallback) {
        if (!has(name)) {
            return fallback;
        }
        String[] parts = values.get(name).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (int) integerValue(name, parts[i], min, max);
        }
        return out;
    }
}
