package dev.trae.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.IamReference;

/**
 * Writes the least-privilege IAM policy for the Trae modules an application uses, from the
 * declarations each module ships in {@value #RESOURCE}. Found with
 * {@link ClassLoader#getResources(String)}, so the modules on the class path are the modules in use.
 *
 * <p>Declaration format (a properties file; see the module README):
 * <pre>
 * module=trae-aws-training
 * statement.terminate.actions=ec2:TerminateInstances
 * statement.terminate.resource=arn:${partition}:ec2:${region}:${account}:instance/*
 * statement.terminate.condition=StringLike|aws:ResourceTag/trae:cluster|trae-*
 * statement.passrole.actions=iam:PassRole
 * statement.passrole.resource=${trainingRoleArn}
 * statement.passrole.condition=StringEquals|iam:PassedToService|sagemaker.amazonaws.com
 * statement.tokens.optional=true
 * </pre>
 * {@code resource} is one or more ARN templates (comma-separated); {@code condition} is one or more
 * {@code Operator|key|value[,value...]} separated by {@code ;}. A template's {@code ${name}} placeholders are filled
 * from {@link #bind(String, String)} ({@code partition} defaults to {@code aws}).
 *
 * <p>Nothing is ever widened to {@code "*"}: an unbound placeholder of a required statement is a
 * {@link TraeValidationException} that lists every placeholder to bind (see {@link #placeholders()}); an
 * {@code optional} statement whose placeholders are unbound is left out and listed in {@link Policy#omitted()}.
 * Every statement is linted against the checked-in Service Authorization table
 * ({@code dev/trae/security/iam-authorization-reference.tsv}): an action missing from it, {@code "*"} for an action
 * that supports resource-level permissions, an ARN of the wrong resource type or an unsupported condition key is an
 * error.
 *
 * <pre>{@code
 * IamPolicyGenerator.Policy p = IamPolicyGenerator.discover().forModules("trae-security")
 *         .bind("account", "111122223333").bind("region", "eu-west-1")
 *         .bind("kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...")
 *         .bind("secretPrefix", "prod/")
 *         .generate();
 * Files.writeString(Path.of("trae-policy.json"), p.json());
 * }</pre>
 */
public final class IamPolicyGenerator {
    /** Where each module declares its IAM actions. */
    public static final String RESOURCE = "META-INF/trae/iam-actions.properties";
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final Pattern STATEMENT_KEY = Pattern.compile("statement\\.([A-Za-z0-9_-]+)\\.(actions|resource|condition|optional)");
    private static final Pattern OPERATOR = Pattern.compile("(ForAllValues:|ForAnyValue:)?[A-Za-z]+(IfExists)?");

    /** One condition of a statement: {@code operator} (such as {@code StringEquals}), {@code key} and its values. */
    public record Condition(String operator, String key, List<String> values) {
    }

    /** One module's declared statement. */
    public record Declaration(String module, String id, Set<String> actions, List<String> resourceTemplates,
                              List<Condition> conditions, boolean optional) {
    }

    /**
     * A generated policy document.
     *
     * @param json    the policy
     * @param omitted optional statements left out because their placeholders were not bound ({@code module/id (names)})
     * @param modules the modules in the policy
     * @param actions every action granted
     */
    public record Policy(String json, List<String> omitted, Set<String> modules, Set<String> actions) {
    }

    private final Map<String, List<Declaration>> byModule;
    private final Map<String, String> bindings = new TreeMap<>();
    private Set<String> only;

    private IamPolicyGenerator(Map<String, List<Declaration>> byModule) {
        this.byModule = byModule;
        bindings.put("partition", "aws");
    }

    /** Reads every declaration visible to the thread's context class loader (or this class's). */
    public static IamPolicyGenerator discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : IamPolicyGenerator.class.getClassLoader());
    }

    public static IamPolicyGenerator discover(ClassLoader loader) {
        Map<String, List<Declaration>> all = new TreeMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(RESOURCE);
            for (URL url : Collections.list(urls)) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                parse(url.toString(), p).forEach(d -> all.computeIfAbsent(d.module(), k -> new ArrayList<>()).add(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
        return new IamPolicyGenerator(all);
    }

    /** Parses one declaration file (exposed for tests and tools). */
    public static List<Declaration> parse(String source, Properties p) {
        String module = p.getProperty("module");
        if (module == null || !module.matches("[a-z0-9-]{1,64}")) {
            throw new TraeValidationException("module", source + ": 'module' must be a module artifact id");
        }
        Map<String, String[]> parts = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.equals("module")) {
                continue;
            }
            Matcher m = STATEMENT_KEY.matcher(key);
            if (!m.matches()) {
                throw new TraeValidationException(key, source + ": unknown key '" + key
                        + "' (expected statement.<id>.actions|resource|condition|optional)");
            }
            String[] slot = parts.computeIfAbsent(m.group(1), k -> new String[4]);
            slot[List.of("actions", "resource", "condition", "optional").indexOf(m.group(2))] = p.getProperty(key).trim();
        }
        List<Declaration> out = new ArrayList<>();
        parts.forEach((id, slot) -> {
            if (slot[0] == null || slot[0].isEmpty()) {
                throw new TraeValidationException("statement." + id + ".actions", source + ": statement '" + id + "' has no actions");
            }
            Set<String> actions = new TreeSet<>();
            for (String a : slot[0].split("\\s*,\\s*")) {
                if (!ACTION.matcher(a).matches()) {
                    throw new TraeValidationException("statement." + id + ".actions", source + ": '" + a
                            + "' is not an IAM action (service:Action, no wildcards)");
                }
                actions.add(a);
            }
            // no resource means "*": the lint refuses it for any action that supports resource-level permissions
            List<String> resources = slot[1] == null || slot[1].isEmpty() ? List.of("*") : List.of(slot[1].split("\\s*,\\s*"));
            List<Condition> conditions = new ArrayList<>();
            if (slot[2] != null && !slot[2].isEmpty()) {
                for (String c : slot[2].split("\\s*;\\s*")) {
                    String[] f = c.split("\\|", -1);
                    if (f.length != 3 || !OPERATOR.matcher(f[0]).matches() || f[1].isEmpty() || f[2].isEmpty()) {
                        throw new TraeValidationException("statement." + id + ".condition", source + ": '" + c
                                + "' is not Operator|key|value[,value...]");
                    }
                    conditions.add(new Condition(f[0], f[1], List.of(f[2].split("\\s*,\\s*"))));
                }
            }
            boolean optional = "true".equalsIgnoreCase(slot[3]);
            out.add(new Declaration(module, id, Collections.unmodifiableSet(actions), resources, List.copyOf(conditions), optional));
        });
        return out;
    }

    /** The modules that declared actions. */
    public Set<String> modules() {
        return Collections.unmodifiableSet(byModule.keySet());
    }

    /** Every declaration, by module. */
    public Map<String, List<Declaration>> declarations() {
        return Collections.unmodifiableMap(byModule);
    }

    /** Limits the policy to these modules (default: every module found). */
    public IamPolicyGenerator forModules(String... modules) {
        Set<String> s = new TreeSet<>(List.of(modules));
        for (String m : s) {
            if (!byModule.containsKey(m)) {
                throw new TraeValidationException("modules", "no IAM declaration found for module '" + m + "'; found " + byModule.keySet());
            }
        }
        this.only = s;
        return this;
    }

    /** Binds a placeholder such as {@code account}, {@code region}, {@code kmsKeyArn}, {@code bucket}. */
    public IamPolicyGenerator bind(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null || value.isEmpty() || value.contains("\"") || value.contains("${") || value.equals("*")
                || value.contains(",")) {
            throw new TraeValidationException(name, "binding must be a non-empty ARN part without quotes, commas, placeholders "
                    + "or a lone \"*\"");
        }
        bindings.put(name, value);
        return this;
    }

    /** The placeholders of the selected modules' statements, each with the statements that use it ({@code module/id}). */
    public Map<String, Set<String>> placeholders() {
        Map<String, Set<String>> out = new TreeMap<>();
        selected().forEach(d -> names(d).forEach(n -> out.computeIfAbsent(n, k -> new TreeSet<>()).add(d.module() + "/" + d.id())));
        return out;
    }

    private List<Declaration> selected() {
        List<Declaration> out = new ArrayList<>();
        byModule.forEach((module, decls) -> {
            if (only == null || only.contains(module)) {
                out.addAll(decls);
            }
        });
        return out;
    }

    private static Set<String> names(Declaration d) {
        Set<String> names = new TreeSet<>();
        List<String> texts = new ArrayList<>(d.resourceTemplates());
        d.conditions().forEach(c -> {
            texts.add(c.key());
            texts.addAll(c.values());
        });
        for (String t : texts) {
            Matcher m = PLACEHOLDER.matcher(t);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * Writes the policy: statements grouped by resources and conditions, actions sorted and de-duplicated.
     *
     * @throws TraeValidationException when a required statement has an unbound placeholder (the message lists every
     *                                 placeholder to bind), or a statement fails the Service Authorization lint
     */
    public Policy generate() {
        Map<String, TreeSet<String>> actionsByKey = new LinkedHashMap<>();
        Map<String, TreeSet<String>> sids = new LinkedHashMap<>();
        Map<String, List<String>> resourcesByKey = new LinkedHashMap<>();
        Map<String, List<Condition>> conditionsByKey = new LinkedHashMap<>();
        Map<String, Set<String>> missing = new TreeMap<>();
        List<String> omitted = new ArrayList<>();
        Set<String> modules = new TreeSet<>();
        Set<String> actions = new TreeSet<>();
        for (Declaration d : selected()) {
            modules.add(d.module());
            Set<String> unbound = new TreeSet<>(names(d));
            unbound.removeAll(bindings.keySet());
            if (!unbound.isEmpty()) {
                if (d.optional()) {
                    omitted.add(d.module() + "/" + d.id() + " " + unbound);
                } else {
                    unbound.forEach(n -> missing.computeIfAbsent(n, k -> new TreeSet<>()).add(d.module() + "/" + d.id()));
                }
                continue;
            }
            List<String> resources = new ArrayList<>(new TreeSet<>(d.resourceTemplates().stream().map(this::resolve).toList()));
            List<Condition> conditions = d.conditions().stream().map(c -> new Condition(c.operator(), resolve(c.key()),
                    c.values().stream().map(this::resolve).toList())).toList();
            String key = resources + "|" + conditions;
            actionsByKey.computeIfAbsent(key, k -> new TreeSet<>()).addAll(d.actions());
            sids.computeIfAbsent(key, k -> new TreeSet<>()).add(sid(d.module(), d.id()));
            resourcesByKey.put(key, resources);
            conditionsByKey.put(key, conditions);
            actions.addAll(d.actions());
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("bind these placeholders before generating the policy (nothing is widened to \"*\"): ");
            missing.forEach((n, used) -> sb.append(n).append(" (used by ").append(String.join(", ", used)).append("); "));
            sb.append("for example bind(\"").append(missing.keySet().iterator().next()).append("\", ...)");
            throw new TraeValidationException("bindings", sb.toString());
        }
        IamReference reference = IamReference.load();
        List<String> problems = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        List<String> keys = new ArrayList<>(actionsByKey.keySet());
        Collections.sort(keys);
        Set<String> usedSids = new java.util.HashSet<>();
        for (String k : keys) {
            String sid = uniqueSid(String.join("", sids.get(k)), usedSids);
            List<String> resources = resourcesByKey.get(k);
            List<Condition> conditions = conditionsByKey.get(k);
            Set<String> conditionKeys = new TreeSet<>();
            conditions.forEach(c -> conditionKeys.add(c.key()));
            problems.addAll(reference.lint(sid, actionsByKey.get(k), resources, conditionKeys));
            ObjectNode s = statements.addObject();
            s.put("Sid", sid);
            s.put("Effect", "Allow");
            ArrayNode a = s.putArray("Action");
            actionsByKey.get(k).forEach(a::add);
            if (resources.size() == 1) {
                s.put("Resource", resources.get(0));
            } else {
                ArrayNode r = s.putArray("Resource");
                resources.forEach(r::add);
            }
            if (!conditions.isEmpty()) {
                ObjectNode cond = s.putObject("Condition");
                for (Condition c : conditions) {
                    ObjectNode op = cond.has(c.operator()) ? (ObjectNode) cond.get(c.operator()) : cond.putObject(c.operator());
                    if (c.values().size() == 1) {
                        op.put(c.key(), c.values().get(0));
                    } else {
                        ArrayNode v = op.putArray(c.key());
                        c.values().forEach(v::add);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new TraeValidationException("policy", "the generated policy fails the Service Authorization lint: "
                    + String.join("; ", problems));
        }
        try {
            return new Policy(mapper.writeValueAsString(doc), List.copyOf(omitted), Collections.unmodifiableSet(modules),
                    Collections.unmodifiableSet(actions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String resolve(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(bindings.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * IAM allows Sids of up to 100 alphanumerics and rejects a policy with two equal Sids; long names are
     * cut to 96 characters and a counter is added whenever a cut (or any) Sid was already used.
     */
    static String uniqueSid(String sid, Set<String> used) {
        String candidate = sid.length() > 100 ? sid.substring(0, 96) : sid;
        String base = candidate.length() > 96 ? candidate.substring(0, 96) : candidate;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    private static String sid(String module, String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : (module + "-" + id).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
