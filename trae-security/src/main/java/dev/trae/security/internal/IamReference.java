package dev.trae.security.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked-in table of IAM actions the modules use, with resource types (ARN patterns) and condition keys from
 * the AWS Service Authorization Reference ({@code dev/trae/security/iam-authorization-reference.tsv}), and the lint
 * that every generated policy statement must pass.
 */
public final class IamReference {
    /** Where the table lives on the class path. */
    public static final String RESOURCE = "/dev/trae/security/iam-authorization-reference.tsv";
    private static final Set<String> SLASHED = Set.of("LogGroupName", "LogStreamName", "RoleNameWithPath",
            "ParameterNameWithoutLeadingSlash", "SecretId", "HubContentName");
    private static final Set<String> ANYTHING = Set.of("ObjectName", "ResourceId");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** One resource type: its name and ARN patterns. */
    public record ResourceType(String service, String name, List<Pattern> arns) {
    }

    /** One action: its resource types (with whether each is required) and condition keys. */
    public record Action(String name, Map<String, Boolean> resourceTypes, List<Pattern> conditionKeys) {
        /** Whether the action supports resource-level permissions (so that {@code "*"} is never needed). */
        public boolean resourceLevel() {
            return !resourceTypes.isEmpty();
        }
    }

    private static volatile IamReference instance;
    private final Map<String, ResourceType> types;
    private final Map<String, Action> actions;

    private IamReference(Map<String, ResourceType> types, Map<String, Action> actions) {
        this.types = types;
        this.actions = actions;
    }

    /** The table shipped with trae-security. */
    public static IamReference load() {
        IamReference r = instance;
        if (r == null) {
            try (InputStream in = IamReference.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                r = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instance = r;
        }
        return r;
    }

    static IamReference parse(List<String> lines) {
        Map<String, ResourceType> types = new LinkedHashMap<>();
        Map<String, Action> actions = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f[0].equals("type") && f.length == 4) {
                List<Pattern> arns = new ArrayList<>();
                for (String p : f[3].split("\\|")) {
                    arns.add(arnPattern(p));
                }
                types.put(f[1] + ":" + f[2], new ResourceType(f[1], f[2], List.copyOf(arns)));
            } else if (f[0].equals("action") && f.length == 4) {
                String service = f[1].substring(0, f[1].indexOf(':'));
                Map<String, Boolean> rt = new LinkedHashMap<>();
                if (!f[2].equals("-")) {
                    for (String t : f[2].split(",")) {
                        boolean required = t.endsWith("*");
                        String name = required ? t.substring(0, t.length() - 1) : t;
                        if (!types.containsKey(service + ":" + name)) {
                            throw new IllegalStateException(RESOURCE + ": " + f[1] + " names unknown resource type " + name);
                        }
                        rt.put(name, required);
                    }
                }
                List<Pattern> keys = new ArrayList<>();
                if (!f[3].equals("-")) {
                    for (String k : f[3].split(",")) {
                        keys.add(keyPattern(k));
                    }
                }
                actions.put(f[1].toLowerCase(Locale.ROOT), new Action(f[1], Collections.unmodifiableMap(rt), List.copyOf(keys)));
            } else {
                throw new IllegalStateException(RESOURCE + ": bad line: " + line);
            }
        }
        return new IamReference(types, actions);
    }

    private static Pattern arnPattern(String template) {
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(Pattern.quote(template.substring(last, m.start())));
            String v = m.group(1);
            sb.append(ANYTHING.contains(v) ? ".+" : SLASHED.contains(v) ? "[^:]+" : "[^:/]*");
            last = m.end();
        }
        sb.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(sb.toString());
    }

    private static Pattern keyPattern(String key) {
        Matcher m = VAR.matcher(key);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(Pattern.quote(key.substring(last, m.start()))).append(".+");
            last = m.end();
        }
        sb.append(Pattern.quote(key.substring(last)));
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
    }

    /**
     * A policy ARN's {@code *} may stand for several path segments ({@code bot-alias/*} covers
     * {@code bot-alias/BOT/ALIAS}): the ARN with each {@code *} kept, or replaced by one, two or three segments.
     */
    private static List<String> expansions(String arn) {
        List<String> out = new ArrayList<>(List.of(arn));
        int stars = (int) arn.chars().filter(c -> c == '*').count();
        if (stars == 0 || stars > 4) {
            return out;
        }
        String[] fills = {"x", "x/x", "x/x/x"};
        int combos = (int) Math.pow(fills.length, stars);
        for (int n = 0; n < combos; n++) {
            StringBuilder sb = new StringBuilder();
            int k = n;
            for (char ch : arn.toCharArray()) {
                if (ch == '*') {
                    sb.append(fills[k % fills.length]);
                    k /= fills.length;
                } else {
                    sb.append(ch);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The action's row, if the table has it (case-insensitive, as IAM). */
    public Optional<Action> action(String action) {
        return Optional.ofNullable(actions.get(action.toLowerCase(Locale.ROOT)));
    }

    /** Every action in the table. */
    public Set<String> actions() {
        Set<String> s = new java.util.TreeSet<>();
        actions.values().forEach(a -> s.add(a.name()));
        return s;
    }

    /**
     * Problems of one statement: an action missing from the table; {@code "*"} for an action that supports
     * resource-level permissions (or an ARN for one that does not); an action none of whose resource types is among the
     * ARNs; an ARN that is no action's resource type; a condition key an action does not support. Empty when it passes.
     */
    public List<String> lint(String sid, Set<String> statementActions, List<String> resources, Set<String> conditionKeys) {
        List<String> problems = new ArrayList<>();
        Set<String> usedArns = new java.util.HashSet<>();
        for (String name : statementActions) {
            Optional<Action> row = action(name);
            if (row.isEmpty()) {
                problems.add(sid + ": " + name + " is not in the Service Authorization table " + RESOURCE + "; add its row");
                continue;
            }
            Action a = row.get();
            String service = name.substring(0, name.indexOf(':'));
            if (!a.resourceLevel()) {
                if (!resources.equals(List.of("*"))) {
                    problems.add(sid + ": " + name + " supports no resource-level permissions, so its Resource must be \"*\" (got "
                            + resources + ")");
                }
                usedArns.add("*");
            } else if (resources.contains("*")) {
                problems.add(sid + ": " + name + " supports resource-level permissions (" + a.resourceTypes().keySet()
                        + ") and must never get \"*\"");
            } else {
                boolean any = false;
                for (String arn : resources) {
                    List<String> candidates = expansions(arn);
                    boolean ok = a.resourceTypes().keySet().stream().map(t -> types.get(service + ":" + t))
                            .anyMatch(t -> t.arns().stream().anyMatch(p -> candidates.stream().anyMatch(c -> p.matcher(c).matches())));
                    if (ok) {
                        usedArns.add(arn);
                        any = true;
                    }
                }
                if (!any) {
                    problems.add(sid + ": none of " + resources + " is one of " + name + "'s resource types " + a.resourceTypes().keySet());
                }
            }
            for (String key : conditionKeys) {
                String k = key.toLowerCase(Locale.ROOT);
                boolean global = k.startsWith("aws:") && !k.startsWith("aws:resourcetag/") && !k.startsWith("aws:requesttag/")
                        && !k.equals("aws:tagkeys");
                if (!global && a.conditionKeys().stream().noneMatch(p -> p.matcher(key).matches())) {
                    problems.add(sid + ": condition key " + key + " is not supported by " + name);
                }
            }
        }
        for (String arn : resources) {
            if (!usedArns.contains(arn) && statementActions.stream().allMatch(n -> action(n).isPresent())) {
                problems.add(sid + ": " + arn + " is the resource type of none of " + statementActions);
            }
        }
        return problems;
    }
}
