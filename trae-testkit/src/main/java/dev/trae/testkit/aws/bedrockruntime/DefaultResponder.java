package dev.trae.testkit.aws.bedrockruntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The deterministic default behaviour of {@link BedrockRuntimeFake}: the same request always gets the
 * same answer.
 * <ul>
 *   <li>tool results in the last message: a text answer that quotes them;</li>
 *   <li>a forced tool ({@code toolChoice.tool}): a call of it with input filled from its JSON schema and the
 *       prompt ({@code html} and {@code css} properties get a page built from the prompt);</li>
 *   <li>a prompt naming an offered tool: a call of that tool;</li>
 *   <li>a code-generation prompt: a fenced, compilable Java class (or JSON, YAML, XML, HTML) derived from
 *       the prompt, with an explanation and suggestions;</li>
 *   <li>an image in the prompt: HTML and CSS for it (screenshot to code);</li>
 *   <li>anything else: a short answer that names the question.</li>
 * </ul>
 */
public final class DefaultResponder implements Function<FakeConversation, FakeReply> {
    private static final Set<String> STOP = Set.of("a", "an", "the", "for", "and", "with", "that", "this", "java",
            "class", "generate", "write", "create", "make", "please", "of", "to", "in", "on", "named", "called",
            "which", "simple", "small", "new", "code", "method", "methods", "field", "fields", "return", "returns",
            "into", "from", "by", "is", "it", "be", "as", "public", "final", "record", "package", "file", "ui", "page");
    private static final Pattern CLASS_NAME = Pattern.compile("(?:class|record|interface)\\s+(?:named\\s+|called\\s+)?`?([A-Z][A-Za-z0-9_]{0,60})");
    private static final Pattern NAMED = Pattern.compile("(?i)(?:named|called)\\s+`?([A-Z][A-Za-z0-9_]{0,60})");
    private static final Pattern PACKAGE = Pattern.compile("(?i)package\\s+`?([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*)");
    private static final Pattern METHOD = Pattern.compile("(?i)methods?\\s+(?:named\\s+|called\\s+)?`?([a-z][A-Za-z0-9_]{0,40})(?:\\s*(?:,|and)\\s*`?([a-z][A-Za-z0-9_]{0,40}))?");

    @Override
    public FakeReply apply(FakeConversation c) {
        if (c.forcedTool().isPresent()) {
            String name = c.forcedTool().get();
            for (JsonNode spec : c.tools()) {
                if (name.equals(spec.path("name").asText())) {
                    return FakeReply.toolUse(name, fillObject(spec.path("inputSchema").path("json"), c.userText()));
                }
            }
        }
        if (!c.toolResults().isEmpty()) {
            StringBuilder sb = new StringBuilder("Based on the tool results: ");
            List<String> parts = new ArrayList<>();
            for (JsonNode r : c.toolResults()) {
                for (JsonNode b : r.path("content")) {
                    parts.add(b.has("text") ? b.path("text").asText() : b.path("json").toString());
                }
            }
            sb.append(String.join("; ", parts)).append('.');
            return FakeReply.text(sb.toString());
        }
        String prompt = c.lastUserText();
        String lower = prompt.toLowerCase(Locale.ROOT);
        for (JsonNode spec : c.tools()) {
            String name = spec.path("name").asText();
            if (!name.isEmpty() && (lower.contains(name.toLowerCase(Locale.ROOT))
                    || lower.contains(name.toLowerCase(Locale.ROOT).replace('_', ' ')))) {
                return FakeReply.toolUse(name, fillObject(spec.path("inputSchema").path("json"), prompt));
            }
        }
        if (c.hasImage()) {
            String html = html(prompt.isBlank() ? "Screen from a mockup" : prompt);
            return FakeReply.text("This screen has a header, a main area and a footer.\n\nFile: index.html\n```html\n" + html
                    + "```\n\nFile: styles.css\n```css\n" + css() + "```\n\nExplanation: layout reproduced from the image.\n");
        }
        if (looksLikeCodeRequest(lower)) {
            // refinement rounds: the task is in the first user message, the errors in the last
            String task = c.userText();
            return FakeReply.text(code(task, task.toLowerCase(Locale.ROOT)));
        }
        if (c.hasDocument()) {
            return FakeReply.text("The document was read. Summary for: " + abbreviate(prompt, 120));
        }
        return FakeReply.text("Answer to: " + abbreviate(prompt.isBlank() ? "(empty)" : prompt, 200));
    }

    static boolean looksLikeCodeRequest(String lower) {
        return (lower.contains("java") && (lower.contains("class") || lower.contains("record") || lower.contains("interface")))
                || lower.contains("```") || lower.contains("generate code") || lower.contains("fix the")
                || (lower.contains("generate") || lower.contains("write") || lower.contains("create"))
                && (lower.contains("json") || lower.contains("yaml") || lower.contains("xml") || lower.contains("html"));
    }

    private static String code(String prompt, String lower) {
        String lang;
        if (lower.contains("java")) {
            lang = "java";
        } else if (lower.contains("yaml")) {
            lang = "yaml";
        } else if (lower.contains("json")) {
            lang = "json";
        } else if (lower.contains("xml")) {
            lang = "xml";
        } else {
            lang = "html";
        }
        String name = className(prompt);
        StringBuilder sb = new StringBuilder("Here is the ").append(lang.toUpperCase(Locale.ROOT)).append(" you asked for.\n\n");
        switch (lang) {
            case "java": {
                Matcher pm = PACKAGE.matcher(prompt);
                String pkg = pm.find() ? pm.group(1) : "";
                String path = "src/main/java/" + (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + name + ".java";
                sb.append("File: ").append(path).append("\n```java\n").append(javaClass(pkg, name, prompt)).append("```\n");
                break;
            }
            case "json":
                sb.append("File: ").append(kebab(name)).append(".json\n```json\n{\n  \"name\": \"").append(name)
                        .append("\",\n  \"description\": \"").append(jsonEscape(abbreviate(prompt, 80))).append("\",\n  \"version\": 1\n}\n```\n");
                break;
            case "yaml":
                sb.append("File: ").append(kebab(name)).append(".yaml\n```yaml\nname: ").append(name)
                        .append("\ndescription: \"").append(jsonEscape(abbreviate(prompt, 80))).append("\"\nversion: 1\n```\n");
                break;
            case "xml":
                sb.append("File: ").append(kebab(name)).append(".xml\n```xml\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
                        .append(kebab(name)).append(" version=\"1\">\n  <description>").append(xmlEscape(abbreviate(prompt, 80)))
                        .append("</description>\n</").append(kebab(name)).append(">\n```\n");
                break;
            default:
                sb.append("File: index.html\n```html\n").append(html(prompt)).append("```\n");
        }
        sb.append("\nExplanation: ").append(name).append(" implements the request \"").append(abbreviate(prompt, 80))
                .append("\" with immutable state and no dependencies.\n\nSuggestions:\n- Add unit tests for ").append(name)
                .append(".\n- Document the public API.\n");
        return sb.toString();
    }

    static String javaClass(String pkg, String name, String prompt) {
        StringBuilder sb = new StringBuilder();
        if (!pkg.isEmpty()) {
            sb.append("package ").append(pkg).append(";\n\n");
        }
        sb.append("import java.util.Objects;\n\n");
        sb.append("/** ").append(javadocEscape(abbreviate(prompt.replace('\n', ' '), 100))).append(" */\n");
        sb.append("public final class ").append(name).append(" {\n");
        sb.append("    private final String name;\n\n");
        sb.append("    public ").append(name).append("(String name) {\n");
        sb.append("        this.name = Objects.requireNonNull(name, \"name\");\n    }\n\n");
        sb.append("    public String name() {\n        return name;\n    }\n");
        Matcher m = METHOD.matcher(prompt);
        Set<String> methods = new LinkedHashSet<>();
        while (m.find()) {
            methods.add(m.group(1));
            if (m.group(2) != null) {
                methods.add(m.group(2));
            }
        }
        methods.remove("name");
        for (String method : methods) {
            sb.append("\n    public String ").append(method).append("() {\n        return \"").append(method)
                    .append(":\" + name;\n    }\n");
        }
        sb.append("\n    @Override\n    public String toString() {\n        return \"").append(name)
                .append("[\" + name + \"]\";\n    }\n}\n");
        return sb.toString();
    }

    static String className(String prompt) {
        Matcher m = CLASS_NAME.matcher(prompt);
        if (m.find()) {
            return m.group(1);
        }
        m = NAMED.matcher(prompt);
        if (m.find()) {
            return m.group(1);
        }
        StringBuilder sb = new StringBuilder();
        int words = 0;
        for (String w : prompt.split("[^A-Za-z]+")) {
            if (w.length() < 3 || STOP.contains(w.toLowerCase(Locale.ROOT))) {
                continue;
            }
            sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase(Locale.ROOT));
            if (++words == 3) {
                break;
            }
        }
        return sb.length() == 0 ? "Generated" : sb.toString();
    }

    /** Fills a JSON-schema object from the prompt, deterministically. */
    static Map<String, Object> fillObject(JsonNode schema, String prompt) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode props = schema.path("properties");
        props.fieldNames().forEachRemaining(p -> out.put(p, fill(p, props.path(p), prompt)));
        return out;
    }

    private static Object fill(String name, JsonNode s, String prompt) {
        if (s.has("enum") && s.path("enum").size() > 0) {
            return s.path("enum").get(0).asText();
        }
        String type = s.path("type").isArray() ? s.path("type").get(0).asText() : s.path("type").asText("string");
        String n = name.toLowerCase(Locale.ROOT);
        switch (type) {
            case "object":
                return fillObject(s, prompt);
            case "array": {
                List<Object> list = new ArrayList<>();
                if (n.contains("component")) {
                    for (String comp : components(prompt)) {
                        list.add(s.path("items").path("type").asText("string").equals("object")
                                ? Map.of("name", comp, "type", comp) : comp);
                    }
                    return list;
                }
                list.add(fill(singular(name), s.path("items"), prompt));
                return list;
            }
            case "integer":
                return s.has("minimum") ? s.path("minimum").asLong() : 1;
            case "number":
                return s.has("minimum") ? s.path("minimum").asDouble() : 1.0;
            case "boolean":
                return true;
            default:
                if (n.equals("html")) {
                    return html(prompt);
                }
                if (n.equals("css")) {
                    return css();
                }
                if (n.contains("description") || n.contains("summary") || n.contains("explanation")) {
                    return "Generated for: " + abbreviate(prompt, 120);
                }
                Matcher m = Pattern.compile("(?i)\\b" + Pattern.quote(name) + "\\s*(?:[:=]|is|of)?\\s*\"?([\\p{L}\\p{N}._-]+)").matcher(prompt);
                if (m.find()) {
                    return m.group(1);
                }
                Matcher cap = Pattern.compile("\\b(?:in|for|at|to)\\s+([A-Z][\\p{L}-]+)").matcher(prompt);
                if (cap.find()) {
                    return cap.group(1);
                }
                return "example-" + name;
        }
    }

    private static String singular(String name) {
        return name.endsWith("s") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    static List<String> components(String prompt) {
        String l = prompt.toLowerCase(Locale.ROOT);
        List<String> c = new ArrayList<>(List.of("header", "navigation", "main"));
        if (l.contains("form") || l.contains("login") || l.contains("sign") || l.contains("search")) {
            c.add("form");
            c.add("button");
        }
        if (l.contains("table") || l.contains("list") || l.contains("dashboard")) {
            c.add("table");
        }
        c.add("footer");
        return c;
    }

    static String html(String prompt) {
        String title = htmlEscape(abbreviate(prompt.split("[.\\n]")[0].trim(), 60));
        List<String> comps = components(prompt);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n")
                .append("  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  <title>").append(title)
                .append("</title>\n  <link rel=\"stylesheet\" href=\"styles.css\">\n</head>\n<body>\n")
                .append("  <header class=\"site-header\"><h1>").append(title).append("</h1></header>\n")
                .append("  <nav class=\"site-nav\"><a href=\"#\">Home</a> <a href=\"#\">About</a></nav>\n")
                .append("  <main class=\"content\">\n    <section><p>").append(htmlEscape(abbreviate(prompt, 160))).append("</p></section>\n");
        if (comps.contains("form")) {
            sb.append("    <form class=\"card\">\n      <label for=\"q\">Query</label>\n      <input id=\"q\" name=\"q\" type=\"text\">\n")
                    .append("      <button type=\"submit\">Submit</button>\n    </form>\n");
        }
        if (comps.contains("table")) {
            sb.append("    <table class=\"data\"><thead><tr><th>Item</th><th>Value</th></tr></thead><tbody><tr><td>1</td><td>-</td></tr></tbody></table>\n");
        }
        sb.append("  </main>\n  <footer class=\"site-footer\">Generated by Trae Local</footer>\n</body>\n</html>\n");
        return sb.toString();
    }

    static String css() {
        return ":root { --accent: #0b5fff; --bg: #f7f8fa; }\n"
                + "body { margin: 0; font-family: system-ui, sans-serif; background: var(--bg); color: #1c1e21; }\n"
                + ".site-header { padding: 1rem 2rem; background: var(--accent); color: #fff; }\n"
                + ".site-nav { padding: .5rem 2rem; display: flex; gap: 1rem; }\n"
                + ".content { max-width: 60rem; margin: 0 auto; padding: 2rem; }\n"
                + ".card { display: grid; gap: .5rem; padding: 1rem; background: #fff; border-radius: 8px; }\n"
                + "button { background: var(--accent); color: #fff; border: 0; padding: .5rem 1rem; border-radius: 4px; }\n"
                + ".site-footer { padding: 1rem 2rem; color: #666; }\n";
    }

    static String abbreviate(String s, int max) {
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String xmlEscape(String s) {
        return htmlEscape(s).replace("'", "&apos;");
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    private static String javadocEscape(String s) {
        return s.replace("*/", "* /").replace("\\u", "\\\\u");
    }
}
