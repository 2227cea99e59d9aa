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

/**
 * Writes the least-privilege IAM policy for the Trae modules an application uses, from the
 * declarations each module ships in {@value #RESOURCE}. Found with
 * {@link ClassLoader#getResources(String)}, so the modules on the class path are the modules in use.
 *
 * <p>Declaration format (a properties file; see the module README):
 * <pre>
 * module=trae-security
 * statement.kms.actions=kms:Encrypt,kms:Decrypt,kms:GenerateDataKey,kms:DescribeKey
 * statement.kms.resource=${kmsKeyArn}
 * statement.secrets.actions=secretsmanager:GetSecretValue
 * statement.secrets.resource=arn:${partition}:secretsmanager:${region}:${account}:secret:${secretName}-*
 * </pre>
 * A resource template's {@code ${name}} placeholders are filled from {@link #bind(String, String)}
 * ({@code partition} defaults to {@code aws}); a statement whose placeholders are not all bound gets
 * resource {@code "*"} and is listed in {@link Policy#unresolved()}, so what could not be narrowed is visible.
 *
 * <pre>{@code
 * IamPolicyGenerator.Policy p = IamPolicyGenerator.discover()
 *         .bind("kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...")
 *         .generate();
 * Files.writeString(Path.of("trae-policy.json"), p.json());
 * }</pre>
 */
public final class IamPolicyGenerator {
    /** Where each module declares its IAM actions. */
    public static final String RESOURCE = "META-INF/trae/iam-actions.properties";
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final Pattern STATEMENT_KEY = Pattern.compile("statement\\.([A-Za-z0-9_-]+)\\.(actions|resource)");

    /** One module's declared statement. */
    public record Declaration(String module, String id, Set<String> actions, String resourceTemplate) {
    }

    /** A generated policy document. */
    public record Policy(String json, List<String> unresolved, Set<String> modules, Set<String> actions) {
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
                throw new TraeValidationException(key, source + ": unknown key '" + key + "' (expected statement.<id>.actions|resource)");
            }
            String[] slot = parts.computeIfAbsent(m.group(1), k -> new String[2]);
            slot["actions".equals(m.group(2)) ? 0 : 1] = p.getProperty(key).trim();
        }
        List<Declaration> out = new ArrayList<>();
        parts.forEach((id, slot) -> {
            if (slot[0] == null || slot[0].isEmpty()) {
                throw new TraeValidationException("statement." + id + ".actions", source + ": statement '" + id + "' has no actions");
            }
            Set<String> actions = new TreeSet<>();
            for (String a : slot[0].split("\\s*,\\s*")) {
                if (!ACTION.matcher(a).matches()) {
                    throw new TraeValidationException("statement." + id + ".actions", source + ": '" + a + "' is not an IAM action (service:Action)");
                }
                actions.add(a);
            }
            out.add(new Declaration(module, id, Collections.unmodifiableSet(actions), slot[1] == null || slot[1].isEmpty() ? "*" : slot[1]));
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
        if (value == null || value.isEmpty() || value.contains("\"") || value.contains("${")) {
            throw new TraeValidationException(name, "binding must be a non-empty ARN part without quotes or placeholders");
        }
        bindings.put(name, value);
        return this;
    }

    /** Writes the policy: statements grouped by resource, actions sorted and de-duplicated. */
    public Policy generate() {
        Map<String, TreeSet<String>> byResource = new LinkedHashMap<>();
        Map<String, TreeSet<String>> sids = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        Set<String> modules = new TreeSet<>();
        Set<String> actions = new TreeSet<>();
        byModule.forEach((module, decls) -> {
            if (only != null && !only.contains(module)) {
                return;
            }
            modules.add(module);
            for (Declaration d : decls) {
                String resource = resolve(d.resourceTemplate());
                if (resource == null) {
                    unresolved.add(module + "/" + d.id() + " (" + d.resourceTemplate() + ")");
                    resource = "*";
                }
                byResource.computeIfAbsent(resource, k -> new TreeSet<>()).addAll(d.actions());
                sids.computeIfAbsent(resource, k -> new TreeSet<>()).add(sid(module, d.id()));
                actions.addAll(d.actions());
            }
        });
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        List<String> resources = new ArrayList<>(byResource.keySet());
        Collections.sort(resources);
        Set<String> usedSids = new java.util.HashSet<>();
        for (String r : resources) {
            ObjectNode s = statements.addObject();
            s.put("Sid", uniqueSid(String.join("", sids.get(r)), usedSids));
            s.put("Effect", "Allow");
            ArrayNode a = s.putArray("Action");
            byResource.get(r).forEach(a::add);
            s.put("Resource", r);
        }
        try {
            return new Policy(mapper.writeValueAsString(doc), List.copyOf(unresolved), Collections.unmodifiableSet(modules),
                    Collections.unmodifiableSet(actions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String resolve(String template) {
        if ("*".equals(template)) {
            return "*";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = bindings.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
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
