package dev.trae.aws.robotics.ros;

/** Escaping of free text for every language the generator writes. */
final class Escape {
    private Escape() {
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    /** A single-quoted Python string literal; every quote, backslash and control character escaped. */
    static String py(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '\'') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    static String pyValue(Object v) {
        if (v instanceof String) {
            return py((String) v);
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        if (v instanceof Double) {
            String d = Double.toString((Double) v);
            return d.contains("E") ? String.format(java.util.Locale.ROOT, "%.17g", v) : d;
        }
        return String.valueOf(v);
    }

    /** A C++ string literal. */
    static String cpp(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f || c == '?') {
                sb.append(String.format("\\%03o", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String cppType(Object v) {
        return v instanceof String ? "std::string" : v instanceof Boolean ? "bool" : v instanceof Double ? "double" : "int64_t";
    }

    static String cppValue(Object v) {
        if (v instanceof String) {
            return "std::string(" + cpp((String) v) + ")";
        }
        if (v instanceof Double) {
            return pyValue(v);
        }
        if (v instanceof Long) {
            return v + "LL";
        }
        return String.valueOf(v);
    }

    /** Markdown text: no raw HTML, no fence breaks. */
    static String markdown(String s) {
        return xml(s).replace("```", "'''");
    }
}
