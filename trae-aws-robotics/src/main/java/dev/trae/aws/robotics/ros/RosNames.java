package dev.trae.aws.robotics.ros;

import java.util.Set;

import dev.trae.aws.core.TraeValidationException;

/** ROS naming rules (REP 144 for packages; graph resource names for nodes, topics, services, parameters). */
final class RosNames {
    private static final Set<String> RESERVED = Set.of("and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "false", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "none", "nonlocal", "not", "or", "pass", "raise", "return", "true", "try", "while", "with", "yield",
            "int", "char", "void", "auto", "namespace", "new", "delete", "template", "main", "std");

    private RosNames() {
    }

    /** Package names: lowercase letters, digits and underscores, starting with a letter, 2 to 64 characters. */
    static String pkg(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{1,63}") || name.contains("__") || name.endsWith("_")) {
            throw new TraeValidationException("packageName", "must follow REP 144: lowercase letters, digits and single "
                    + "underscores, starting with a letter, 2 to 64 characters; was " + quote(name));
        }
        reserved("packageName", name);
        return name;
    }

    /** Node names: a letter, then letters, digits or underscores (snake_case recommended). */
    static String node(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}") || name.contains("__")) {
            throw new TraeValidationException("nodeName", "must be snake_case: a lowercase letter, then lowercase letters, "
                    + "digits or single underscores, up to 64 characters; was " + quote(name));
        }
        reserved("nodeName", name);
        return name;
    }

    /** Topic and service names: tokens of [A-Za-z0-9_] starting with a letter, separated by '/', optionally absolute or '~'-private. */
    static String topic(String name) {
        if (name == null || !name.matches("(~/|/)?[A-Za-z][A-Za-z0-9_]*(/[A-Za-z][A-Za-z0-9_]*)*") || name.contains("__")
                || name.length() > 256) {
            throw new TraeValidationException("topic", "must be ROS graph resource name tokens of letters, digits and "
                    + "underscores starting with a letter, separated by '/' (optionally starting with '/' or '~/'); was " + quote(name));
        }
        return name;
    }

    /** Parameter names: dotted tokens of [a-z0-9_] starting with a letter. */
    static String parameter(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*") || name.length() > 128) {
            throw new TraeValidationException("parameter", "must be dotted tokens of letters, digits and underscores; was " + quote(name));
        }
        return name;
    }

    private static void reserved(String what, String name) {
        if (RESERVED.contains(name)) {
            throw new TraeValidationException(what, quote(name) + " is a reserved word in Python or C++; choose another name");
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + t.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }
}
