package dev.trae.testkit;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.core.SdkPojo;

import dev.trae.testkit.wire.SdkModelCheck;

/**
 * Checks the job templates that module READMEs give for running a CLI past one machine: an AWS Batch job
 * definition (with its array job and the step after it) and a Kubernetes Indexed Job. There is no AWS account
 * and no cluster here, so the templates are checked against what the services document, and the commands they
 * run are handed to the CLI's own parser by the module's test.
 *
 * <ul>
 *   <li><b>Batch</b>: the document goes through {@link SdkModelCheck} with the AWS SDK's
 *       {@code RegisterJobDefinitionRequest} model: no member the API does not have (a member in the wrong
 *       place, such as {@code parameters} inside {@code containerProperties}, is unknown there), enum values, the
 *       required {@code jobDefinitionName} and {@code type}
 *       (https://docs.aws.amazon.com/batch/latest/APIReference/API_RegisterJobDefinition.html). Every
 *       {@code Ref::name} in the command must have a default in {@code parameters} or be given at submission
 *       (https://docs.aws.amazon.com/batch/latest/userguide/job_definition_parameters.html#parameters). On
 *       Fargate, VCPU and MEMORY must be one of the documented pairs
 *       (https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html).</li>
 *   <li><b>Kubernetes</b>: {@code batch/v1} {@code Job} with {@code completionMode: Indexed}, a positive
 *       {@code completions}, {@code parallelism} no larger than it, {@code restartPolicy: Never} when
 *       {@code backoffLimitPerIndex} is set, and a {@code --shards} argument equal to {@code completions}
 *       (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode and
 *       #backoff-limit-per-index).</li>
 * </ul>
 * The SDK model is loaded by name, so the caller's test class path must hold the {@code batch} SDK module.
 */
public final class JobTemplates {
    private static final Pattern FENCE = Pattern.compile("(?ms)^```([a-z]*)\\s*\\n(.*?)^```\\s*$");
    private static final Pattern REF = Pattern.compile("Ref::([A-Za-z0-9_-]+)");

    private JobTemplates() {
    }

    /** The fenced code blocks of a Markdown file whose info string is {@code language} (such as json or yaml), in order. */
    public static List<String> fencedBlocks(Path markdown, String language) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = FENCE.matcher(Files.readString(markdown));
        while (m.find()) {
            if (m.group(1).equals(language)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /**
     * What is wrong with an AWS Batch {@code RegisterJobDefinition} document, in words; empty when nothing is.
     *
     * @param submitParameters the parameter names that the documented {@code submit-job} commands pass
     */
    public static List<String> batchJobDefinitionProblems(JsonNode definition, List<String> submitParameters) {
        Class<? extends SdkPojo> model;
        try {
            model = Class.forName("software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest").asSubclass(SdkPojo.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the AWS SDK's batch module must be on the test class path to check a Batch template", e);
        }
        List<String> problems = new ArrayList<>();
        for (String u : SdkModelCheck.unknownMembers(model, definition)) {
            problems.add("RegisterJobDefinition has no member " + u);
        }
        problems.addAll(SdkModelCheck.of(model).required("jobDefinitionName", "type").problemsJson(definition));
        JsonNode container = definition.path("containerProperties");
        if (container.isMissingNode()) {
            problems.add("no containerProperties: the template must run a container");
            return problems;
        }
        for (JsonNode arg : container.path("command")) {
            Matcher m = REF.matcher(arg.asText());
            while (m.find()) {
                String name = m.group(1);
                if (!definition.path("parameters").has(name) && !submitParameters.contains(name)) {
                    problems.add("command uses Ref::" + name + " but neither parameters nor the submit-job command gives it");
                }
            }
        }
        boolean fargate = false;
        for (JsonNode p : definition.path("platformCapabilities")) {
            fargate |= p.asText().equals("FARGATE");
        }
        if (fargate) {
            String vcpu = null;
            String memory = null;
            for (JsonNode r : container.path("resourceRequirements")) {
                if (r.path("type").asText().equals("VCPU")) {
                    vcpu = r.path("value").asText();
                } else if (r.path("type").asText().equals("MEMORY")) {
                    memory = r.path("value").asText();
                }
            }
            String pair = fargatePairProblem(vcpu, memory);
            if (pair != null) {
                problems.add(pair);
            }
        }
        return problems;
    }

    /**
     * The container command of a Batch job definition as the job runs it: every {@code Ref::name} replaced by the
     * submission's parameter or else the definition's default (submission parameters take precedence).
     */
    public static List<String> resolvedCommand(JsonNode definition, Map<String, String> submitParameters) {
        Map<String, String> values = new LinkedHashMap<>();
        definition.path("parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        values.putAll(submitParameters);
        List<String> out = new ArrayList<>();
        for (JsonNode arg : definition.path("containerProperties").path("command")) {
            Matcher m = REF.matcher(arg.asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException("no value for Ref::" + m.group(1));
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    /** What is wrong with a Kubernetes Indexed Job manifest (parsed from YAML), in words; empty when nothing is. */
    public static List<String> indexedJobProblems(JsonNode job) {
        List<String> problems = new ArrayList<>();
        if (!job.path("apiVersion").asText().equals("batch/v1") || !job.path("kind").asText().equals("Job")) {
            problems.add("not a batch/v1 Job: " + job.path("apiVersion").asText() + " " + job.path("kind").asText());
        }
        JsonNode spec = job.path("spec");
        if (!spec.path("completionMode").asText().equals("Indexed")) {
            problems.add("spec.completionMode must be Indexed, so that each pod gets JOB_COMPLETION_INDEX");
        }
        int completions = spec.path("completions").asInt(0);
        if (completions < 1) {
            problems.add("spec.completions must be a positive number (an Indexed Job needs it)");
        }
        if (spec.has("parallelism") && spec.path("parallelism").asInt(-1) > completions) {
            problems.add("spec.parallelism " + spec.path("parallelism").asText() + " is larger than completions " + completions);
        }
        JsonNode pod = spec.path("template").path("spec");
        if (spec.has("backoffLimitPerIndex") && !pod.path("restartPolicy").asText().equals("Never")) {
            problems.add("backoffLimitPerIndex needs restartPolicy: Never");
        }
        if (!pod.path("containers").isArray() || pod.path("containers").isEmpty()) {
            problems.add("spec.template.spec.containers is empty");
        }
        for (JsonNode c : pod.path("containers")) {
            if (c.path("image").asText().isBlank()) {
                problems.add("container " + c.path("name").asText() + " has no image");
            }
        }
        // Kubernetes gives a pod its index (JOB_COMPLETION_INDEX) but not the number of indexes: a CLI told the
        // count with --shards must be told completions
        List<String> args = containerArgs(job);
        int shards = args.indexOf("--shards");
        if (shards >= 0 && (shards + 1 >= args.size() || !args.get(shards + 1).equals(String.valueOf(completions)))) {
            problems.add("--shards " + (shards + 1 < args.size() ? args.get(shards + 1) : "") + " differs from completions " + completions);
        }
        return problems;
    }

    /** The arguments of the first container of a Kubernetes Job manifest. */
    public static List<String> containerArgs(JsonNode job) {
        List<String> out = new ArrayList<>();
        job.path("spec").path("template").path("spec").path("containers").path(0).path("args").forEach(a -> out.add(a.asText()));
        return out;
    }

    /**
     * What is wrong with a Dockerfile that runs a CLI jar: the jar {@code ENTRYPOINT} runs with {@code -jar} must be
     * the destination of a {@code COPY}, whose source must be {@code expectedJar} (the build's output, relative to
     * the Dockerfile's folder), and the image must not run as root (a {@code USER} line).
     */
    public static List<String> dockerfileProblems(Path dockerfile, String expectedJar) throws IOException {
        List<String> problems = new ArrayList<>();
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        Map<String, String> copies = new LinkedHashMap<>();
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(text);
        while (copy.find()) {
            copies.put(copy.group(2), copy.group(1));
        }
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(text);
        if (!entry.find()) {
            problems.add("no ENTRYPOINT in exec form");
            return problems;
        }
        List<String> argv = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.group(1)).forEach(a -> argv.add(a.asText()));
        int jar = argv.indexOf("-jar");
        if (jar < 0 || jar + 1 >= argv.size()) {
            problems.add("ENTRYPOINT does not run a jar with -jar: " + argv);
        } else if (!copies.containsKey(argv.get(jar + 1))) {
            problems.add("ENTRYPOINT runs " + argv.get(jar + 1) + ", which no COPY puts there (COPY destinations: " + copies.keySet() + ")");
        } else if (!copies.get(argv.get(jar + 1)).equals(expectedJar)) {
            problems.add("the image copies " + copies.get(argv.get(jar + 1)) + ", but the build writes " + expectedJar);
        }
        if (!Pattern.compile("(?m)^USER\\s+\\S+").matcher(text).find()) {
            problems.add("no USER line: the CLI would run as root");
        }
        return problems;
    }

    /** The Debian packages a Dockerfile installs with {@code apt-get install}, in order. */
    public static List<String> aptPackages(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("apt-get install ([^&;]*)").matcher(text);
        while (m.find()) {
            for (String w : m.group(1).trim().split("\\s+")) {
                if (!w.startsWith("-") && !w.isBlank()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** Fargate's VCPU and MEMORY (MiB) pairs, from the ResourceRequirement reference; null when the pair is one of them. */
    static String fargatePairProblem(String vcpu, String memory) {
        if (vcpu == null || memory == null) {
            return "a Fargate job needs both a VCPU and a MEMORY resource requirement";
        }
        int mib;
        try {
            mib = Integer.parseInt(memory);
        } catch (NumberFormatException e) {
            return "MEMORY " + memory + " is not a whole number of MiB";
        }
        boolean ok = switch (new BigDecimal(vcpu).stripTrailingZeros().toPlainString()) {
            case "0.25" -> mib == 512 || mib == 1024 || mib == 2048;
            case "0.5" -> stepped(mib, 1024, 4096, 1024);
            case "1" -> stepped(mib, 2048, 8192, 1024);
            case "2" -> stepped(mib, 4096, 16384, 1024);
            case "4" -> stepped(mib, 8192, 30720, 1024);
            case "8" -> stepped(mib, 16384, 61440, 4096);
            case "16" -> stepped(mib, 32768, 122880, 8192);
            default -> false;
        };
        return ok ? null : "VCPU " + vcpu + " with MEMORY " + memory + " MiB is not a Fargate size";
    }

    private static boolean stepped(int mib, int min, int max, int step) {
        return mib >= min && mib <= max && (mib - min) % step == 0;
    }
}
