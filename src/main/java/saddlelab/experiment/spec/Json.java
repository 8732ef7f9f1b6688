package saddlelab.experiment.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) and a canonical writer, shared by every front end.
 *
 * <p>Reading rejects duplicate keys, trailing tokens, nesting deeper than {@link #MAX_DEPTH},
 * strings longer than {@link #MAX_STRING} and documents longer than {@link #MAX_LENGTH}; numbers go
 * through {@link NumberText#parse} so that every runtime reads the same bits. Values map to
 * {@code Map<String,Object>} (insertion order), {@code List<Object>}, {@code String},
 * {@code Double}, {@code Boolean} and {@link #NULL}.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING = 10_000;
    public static final int MAX_LENGTH = 1_000_000;
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Specs, links and other requests: at most {@link #MAX_LENGTH} characters. */
    public static Object parse(String text) {
        return parse(text, MAX_LENGTH);
    }

    /**
     * A results document (a preset's runs with all their series can reach tens of megabytes): the same
     * strict reader with a larger length limit; the other limits stay.
     */
    public static Object parseDocument(String text) {
        return parse(text, MAX_DOCUMENT);
    }

    /** The longest results document {@link #parseDocument} reads. */
    public static final int MAX_DOCUMENT = 512_000_000;

    private static Object parse(String text, int maxLength) {
        if (text == null) {
            throw new SpecException("", "no JSON document");
        }
        if (text.length() > maxLength) {
            throw new SpecException("", "JSON document longer than " + maxLength + " characters");
        }
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value(0, "");
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("", "unexpected text after the JSON value");
        }
        return v;
    }

    private SpecException error(String field, String message) {
        return new SpecException(field, message + " (at character " + pos + ")");
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value(int depth, String field) {
        if (pos >= text.length()) {
            throw error(field, "unexpected end of JSON");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1, field);
            case '[':
                return array(depth + 1, field);
            case '"':
                return string(field);
            case 't':
                literal("true", field);
                return Boolean.TRUE;
            case 'f':
                literal("false", field);
                return Boolean.FALSE;
            case 'n':
                literal("null", field);
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number(field);
                }
                throw error(field, "unexpected character '" + c + "'");
        }
    }

    private void literal(String word, String field) {
        if (!text.startsWith(word, pos)) {
            throw error(field, "invalid literal");
        }
        pos += word.length();
    }

    private Map<String, Object> object(int depth, String field) {
        if (depth > MAX_DEPTH) {
            throw error(field, "JSON nested deeper than " + MAX_DEPTH);
        }
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error(field, "expected a key in quotes");
            }
            String key = string(field);
            String path = field.isEmpty() ? key : field + "." + key;
            if (map.containsKey(key)) {
                throw error(path, "duplicated key");
            }
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error(path, "expected ':'");
            }
            pos++;
            skipSpace();
            map.put(key, value(depth, path));
            skipSpace();
            if (pos >= text.length()) {
                throw error(field, "unexpected end of JSON");
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error(field, "expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth, String field) {
        if (depth > MAX_DEPTH) {
            throw error(field, "JSON nested deeper than " + MAX_DEPTH);
        }
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth, field + "[" + list.size() + "]"));
            skipSpace();
            if (pos >= text.length()) {
                throw error(field, "unexpected end of JSON");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error(field, "expected ',' or ']'");
            }
        }
    }

    private String string(String field) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(field, "unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(field, "control character in string");
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw error(field, "unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw error(field, "bad \\u escape");
                        }
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(text.charAt(pos++), 16);
                            if (d < 0) {
                                throw error(field, "bad \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        sb.append((char) code);
                        break;
                    default:
                        throw error(field, "bad escape");
                }
            } else {
                sb.append(c);
            }
            if (sb.length() > MAX_STRING) {
                throw error(field, "string longer than " + MAX_STRING + " characters");
            }
        }
    }

    private Double number(String field) {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length()) {
            throw error(field, "bad number");
        }
        if (text.charAt(pos) == '0') {
            pos++;
        } else if (isDigit()) {
            while (isDigit()) {
                pos++;
            }
        } else {
            throw error(field, "bad number");
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (!isDigit()) {
                throw error(field, "bad number");
            }
            while (isDigit()) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!isDigit()) {
                throw error(field, "bad number");
            }
            while (isDigit()) {
                pos++;
            }
        }
        if (pos - start > 400) {
            throw error(field, "number text too long");
        }
        try {
            return NumberText.parse(text.substring(start, pos));
        } catch (ArithmeticException e) {
            throw error(field, "number out of range");
        }
    }

    private boolean isDigit() {
        return pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9';
    }

    // ---- writing -------------------------------------------------------------------------

    /**
     * Canonical text: object keys sorted (by UTF-16 code units), no white space, numbers by
     * {@link NumberText#format}, non-finite numbers as {@code null}.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    public static void write(StringBuilder sb, Object value) {
        if (value == null || value == NULL) {
            sb.append("null");
        } else if (value instanceof String) {
            quote(sb, (String) value);
        } else if (value instanceof Double) {
            number(sb, (Double) value);
        } else if (value instanceof Integer || value instanceof Long) {
            sb.append(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            sb.append(((Boolean) value) ? "true" : "false");
        } else if (value instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) value;
            List<String> keys = new ArrayList<>(map.keySet());
            java.util.Collections.sort(keys);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, k);
                sb.append(':');
                write(sb, map.get(k));
            }
            sb.append('}');
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<Object>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof double[]) {
            double[] a = (double[]) value;
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                number(sb, a[i]);
            }
            sb.append(']');
        } else if (value instanceof int[]) {
            int[] a = (int[]) value;
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(a[i]);
            }
            sb.append(']');
        } else if (value instanceof Raw) {
            sb.append(((Raw) value).text);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName());
        }
    }

    /** Already-serialized JSON, embedded as is. */
    public static final class Raw {
        final String text;

        public Raw(String text) {
            this.text = text;
        }
    }

    public static void number(StringBuilder sb, double v) {
        if (v - v != 0) {
            sb.append("null");
        } else {
            sb.append(NumberText.format(v));
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        // also escape HTML-significant characters: the text is safe to embed anywhere
                        sb.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        if (c >= 0x100) {
                            sb.setLength(sb.length() - 6);
                            sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                    .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        }
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
