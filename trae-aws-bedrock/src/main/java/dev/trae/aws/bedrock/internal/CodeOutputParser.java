package dev.trae.aws.bedrock.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.trae.aws.bedrock.model.CodeFile;

/**
 * Parses model output into files, an explanation and suggestions. Robust to the usual variations:
 * fenced blocks with or without a language, a path on the fence line, in a {@code File:} line or a heading
 * before it, or in a first-line comment; a last fence cut off by {@code max_tokens}; no fences at all.
 * Paths are made safe (relative, no {@code ..}, forward slashes).
 */
public final class CodeOutputParser {
    private static final Pattern FILE_LINE = Pattern.compile(
            "(?i)^\\s*(?:[#>*_-]+\\s*)*(?:file(?:name)?|path)\\s*[:=]\\s*[`*_\"']*([^`*\"'\\s]+)[`*_\"']*\\s*$");
    private static final Pattern HEADING_PATH = Pattern.compile("^\\s*(?:#+|\\*\\*)\\s*`?([\\w./-]+\\.[A-Za-z0-9]{1,8})`?\\s*(?:\\*\\*)?\\s*:?\\s*$");
    private static final Pattern COMMENT_PATH = Pattern.compile(
            "^\\s*(?://|#|<!--|/\\*)\\s*(?:file(?:name)?|path)?\\s*:?\\s*([\\w./-]+\\.[A-Za-z0-9]{1,8})\\s*(?:-->|\\*/)?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern JAVA_TYPE = Pattern.compile("(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern JAVA_PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•]|\\d+[.)])\\s+(.*)$");
    private static final Map<String, String> EXT = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("yml", "yaml", "js", "javascript", "ts", "typescript",
            "py", "python", "kt", "kotlin", "htm", "html", "sh", "bash", "md", "markdown");

    static {
        EXT.put("java", "java");
        EXT.put("kt", "kotlin");
        EXT.put("json", "json");
        EXT.put("yaml", "yaml");
        EXT.put("yml", "yaml");
        EXT.put("xml", "xml");
        EXT.put("html", "html");
        EXT.put("css", "css");
        EXT.put("js", "javascript");
        EXT.put("ts", "typescript");
        EXT.put("py", "python");
        EXT.put("sql", "sql");
        EXT.put("sh", "bash");
        EXT.put("md", "markdown");
    }

    /** What was parsed. */
    public record Parsed(List<CodeFile> files, String explanation, List<String> suggestions) {
    }

    private CodeOutputParser() {
    }

    public static Parsed parse(String text, String requestedLanguage) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<CodeFile> files = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        List<Integer> proseLines = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            String t = l.trim();
            if (t.startsWith("```") || t.startsWith("~~~")) {
                String fence = t.substring(0, 3);
                String info = t.substring(3).trim();
                StringBuilder code = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !lines[j].trim().equals(fence)) {
                    code.append(lines[j]).append('\n');
                    j++;
                }
                String path = pathFrom(info);
                if (path == null) {
                    for (int k = i - 1; k >= Math.max(0, i - 3) && path == null; k--) {
                        Matcher m = FILE_LINE.matcher(lines[k]);
                        Matcher h = HEADING_PATH.matcher(lines[k]);
                        if (m.matches()) {
                            path = m.group(1);
                        } else if (h.matches()) {
                            path = h.group(1);
                        } else if (!lines[k].isBlank()) {
                            break;
                        }
                    }
                }
                String body = code.toString();
                if (path == null) {
                    String first = body.lines().findFirst().orElse("");
                    Matcher c = COMMENT_PATH.matcher(first);
                    if (c.matches() && c.group(1).contains("/") || c.matches() && first.toLowerCase(Locale.ROOT).contains("file")) {
                        path = c.group(1);
                    }
                }
                String lang = language(info, path, requestedLanguage);
                if (!body.isBlank()) {
                    files.add(file(path, lang, body, files.size()));
                }
                i = j + 1;
                continue;
            }
            if (!FILE_LINE.matcher(l).matches()) {
                prose.append(l).append('\n');
                proseLines.add(i);
            }
            i++;
        }
        if (files.isEmpty()) {
            String whole = text.strip();
            boolean looksLikeCode = requestedLanguage.equals("json") && (whole.startsWith("{") || whole.startsWith("["))
                    || requestedLanguage.equals("xml") && whole.startsWith("<")
                    || requestedLanguage.equals("java") && JAVA_TYPE.matcher(whole).find();
            if (looksLikeCode) {
                files.add(file(null, requestedLanguage, whole + "\n", 0));
                return new Parsed(files, "", List.of());
            }
        }
        return new Parsed(files, explanation(prose.toString()), suggestions(prose.toString()));
    }

    private static String pathFrom(String info) {
        if (info.isEmpty()) {
            return null;
        }
        for (String tok : info.split("[\\s]+")) {
            String t = tok;
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).matches("(?i)path|file|filename|title")) {
                return t.substring(eq + 1).replace("\"", "").replace("'", "");
            }
            int colon = t.indexOf(':');
            if (colon > 0 && t.substring(colon + 1).contains(".")) {
                return t.substring(colon + 1);
            }
            if (t.contains(".") && t.matches("[\\w./-]+\\.[A-Za-z0-9]{1,8}")) {
                return t;
            }
        }
        return null;
    }

    private static String language(String info, String path, String requested) {
        String first = info.isEmpty() ? "" : info.split("[\\s:]+")[0].toLowerCase(Locale.ROOT);
        if (!first.isEmpty() && !first.contains(".") && !first.contains("=")) {
            return ALIASES.getOrDefault(first, first);
        }
        if (path != null && path.contains(".")) {
            String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (EXT.containsKey(ext)) {
                return EXT.get(ext);
            }
        }
        return requested;
    }

    private static CodeFile file(String path, String lang, String body, int index) {
        String p = path == null ? null : safePath(path);
        if (p == null) {
            if (lang.equals("java")) {
                Matcher t = JAVA_TYPE.matcher(body);
                Matcher pk = JAVA_PACKAGE.matcher(body);
                String name = t.find() ? t.group(1) : "Generated" + (index == 0 ? "" : index);
                String pkg = pk.find() ? pk.group(1).replace('.', '/') + "/" : "";
                p = "src/main/java/" + pkg + name + ".java";
            } else {
                String ext = EXT.entrySet().stream().filter(e -> e.getValue().equals(lang)).map(Map.Entry::getKey).findFirst().orElse("txt");
                p = "generated" + (index == 0 ? "" : "-" + index) + "." + ext;
            }
        }
        return new CodeFile(p, lang, body);
    }

    /** A relative, forward-slash path without {@code ..}, drive letters or control characters; null if nothing is left. */
    public static String safePath(String raw) {
        String p = raw.replace('\\', '/').replaceAll("[\\p{Cntrl}]", "").trim();
        p = p.replaceFirst("^[A-Za-z]:", "");
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.startsWith("~")) {
                continue;
            }
            parts.add(s.replaceAll("[^\\w.@+-]", "_"));
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private static String explanation(String prose) {
        Matcher m = Pattern.compile("(?is)explanation\\s*\\**\\s*:?\\s*\\**\\s*(.*?)(?:\\n\\s*\\W*suggestions?\\b|$)").matcher(prose);
        if (m.find()) {
            return m.group(1).strip();
        }
        String before = prose.split("(?im)^\\W*suggestions?\\W*:?\\s*$")[0];
        return before.strip();
    }

    private static List<String> suggestions(String prose) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : prose.split("\n")) {
            if (l.matches("(?i)^\\W*suggestions?\\W*:?\\s*$") || l.matches("(?i)^\\W*suggestions?\\s*:.*")) {
                in = true;
                String rest = l.replaceFirst("(?i)^\\W*suggestions?\\W*:?", "").trim();
                if (!rest.isEmpty()) {
                    out.add(rest);
                }
                continue;
            }
            if (in) {
                Matcher b = BULLET.matcher(l);
                if (b.matches()) {
                    out.add(b.group(1).strip());
                } else if (!l.isBlank() && !out.isEmpty()) {
                    break;
                }
            }
        }
        return out;
    }
}
