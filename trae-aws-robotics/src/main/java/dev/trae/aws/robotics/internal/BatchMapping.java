package dev.trae.aws.robotics.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.robotics.SimulationJob;
import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.BatchSubmission;
import dev.trae.aws.robotics.model.DataSource;
import dev.trae.aws.robotics.model.Scenario;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.EcsProperties;
import software.amazon.awssdk.services.batch.model.EcsPropertiesOverride;
import software.amazon.awssdk.services.batch.model.EcsTaskProperties;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobTimeout;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.RetryStrategy;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.TaskContainerOverrides;
import software.amazon.awssdk.services.batch.model.TaskContainerProperties;
import software.amazon.awssdk.services.batch.model.TaskPropertiesOverride;

/** Maps a {@link SimulationJob} to AWS Batch requests. Pure: no network. */
public final class BatchMapping {
    /** Container names in the task. */
    public static final String ROBOT = "robot";
    public static final String SIMULATION = "simulation";
    /** The job definition tag holding the spec hash. */
    public static final String HASH_TAG = "trae-spec-sha256";
    /** The job tag holding a per-submission id (used to find a job whose SubmitJob answer was lost). */
    public static final String SUBMISSION_TAG = "trae-submission-id";
    /** AWS Batch refuses SubmitJob bodies over 30 KiB; stay clear of it. */
    static final int MAX_OVERRIDE_BYTES = 24 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private BatchMapping() {
    }

    /** {@code trae-sim-<name>}, cut to Batch's 128 characters. */
    public static String definitionName(SimulationJob spec) {
        String n = "trae-sim-" + spec.name();
        return n.length() > 128 ? n.substring(0, 128) : n;
    }

    public static BatchSubmission submission(SimulationJob spec, String jobQueue, List<Scenario> scenarios, String submissionId) {
        List<TaskContainerProperties> containers = new ArrayList<>();
        Map<String, Object> canonical = new TreeMap<>();
        spec.robotApplication().ifPresent(a -> containers.add(container(ROBOT, a, canonical)));
        spec.simulationApplication().ifPresent(a -> containers.add(container(SIMULATION, a, canonical)));
        EcsTaskProperties.Builder task = EcsTaskProperties.builder().containers(containers).taskRoleArn(spec.iamRole());
        spec.executionRole().ifPresent(task::executionRoleArn);
        canonical.put("taskRoleArn", spec.iamRole());
        canonical.put("executionRoleArn", spec.executionRole().orElse(""));
        canonical.put("timeout", spec.maxJobDuration().toSeconds());
        canonical.put("attempts", spec.retryAttempts());
        String hash = sha256(canonical);
        String defName = definitionName(spec);
        RegisterJobDefinitionRequest def = RegisterJobDefinitionRequest.builder()
                .jobDefinitionName(defName)
                .type(JobDefinitionType.CONTAINER)
                .platformCapabilities(PlatformCapability.EC2)
                .ecsProperties(EcsProperties.builder().taskProperties(task.build()).build())
                .timeout(JobTimeout.builder().attemptDurationSeconds((int) spec.maxJobDuration().toSeconds()).build())
                .retryStrategy(RetryStrategy.builder().attempts(spec.retryAttempts()).build())
                .tags(Map.of(HASH_TAG, hash))
                .propagateTags(true)
                .build();

        List<KeyValuePair> runEnv = new ArrayList<>();
        runEnv.add(kv("TRAE_SIMULATION_NAME", spec.name()));
        spec.outputLocation().ifPresent(o -> runEnv.add(kv("TRAE_OUTPUT_URI", OutputPaths.uri(o))));
        if (!spec.dataSources().isEmpty()) {
            runEnv.add(kv("TRAE_DATA_SOURCES", json(dataSources(spec.dataSources()))));
        }
        if (!scenarios.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Scenario s : scenarios) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("environment", s.environment());
                list.add(m);
            }
            runEnv.add(kv("TRAE_SCENARIOS", json(list)));
        }
        int size = runEnv.stream().mapToInt(p -> p.name().length() + p.value().getBytes(StandardCharsets.UTF_8).length).sum();
        if (size > MAX_OVERRIDE_BYTES) {
            throw new TraeValidationException(scenarios.isEmpty() ? "dataSources" : "scenarios", "the per-run environment is " + size
                    + " bytes; AWS Batch limits a submission to 30 KiB. Put large inputs in S3 and pass their keys instead");
        }
        List<TaskContainerOverrides> overrides = new ArrayList<>();
        for (TaskContainerProperties c : containers) {
            List<KeyValuePair> env = new ArrayList<>(runEnv);
            env.add(kv("TRAE_APPLICATION_ROLE", c.name()));
            overrides.add(TaskContainerOverrides.builder().name(c.name()).environment(env).build());
        }
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put(SUBMISSION_TAG, submissionId);
        SubmitJobRequest.Builder submit = SubmitJobRequest.builder()
                .jobName(spec.name())
                .jobQueue(spec.jobQueue().orElse(jobQueue))
                .jobDefinition(defName)
                .ecsPropertiesOverride(EcsPropertiesOverride.builder()
                        .taskProperties(TaskPropertiesOverride.builder().containers(overrides).build()).build())
                .tags(tags)
                .propagateTags(true);
        if (!scenarios.isEmpty()) {
            submit.arrayProperties(ArrayProperties.builder().size(scenarios.size()).build());
        }
        return new BatchSubmission(def, submit.build(), hash);
    }

    private static TaskContainerProperties container(String name, Application a, Map<String, Object> canonical) {
        List<KeyValuePair> env = new ArrayList<>();
        if (!a.packageName().isEmpty()) {
            env.add(kv("ROS_PACKAGE", a.packageName()));
        }
        if (!a.launchFile().isEmpty()) {
            env.add(kv("ROS_LAUNCH_FILE", a.launchFile()));
        }
        a.environment().forEach((k, v) -> env.add(kv(k, v)));
        Map<String, Object> c = new TreeMap<>();
        c.put("image", a.image());
        c.put("command", a.launchCommand());
        c.put("environment", new TreeMap<>(a.environment()));
        c.put("package", a.packageName());
        c.put("launch", a.launchFile());
        c.put("vcpus", a.vcpus());
        c.put("memory", a.memoryMiB());
        canonical.put(name, c);
        return TaskContainerProperties.builder()
                .name(name)
                .image(a.image())
                .command(a.launchCommand())
                .environment(env)
                .essential(true)
                .resourceRequirements(
                        ResourceRequirement.builder().type(ResourceType.VCPU).value(Integer.toString(a.vcpus())).build(),
                        ResourceRequirement.builder().type(ResourceType.MEMORY).value(Integer.toString(a.memoryMiB())).build())
                .build();
    }

    private static List<Map<String, Object>> dataSources(List<DataSource> sources) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DataSource d : sources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("s3Bucket", d.s3Bucket());
            m.put("s3Keys", d.s3Keys());
            m.put("type", d.type().name());
            m.put("destination", d.destination());
            out.add(m);
        }
        return out;
    }

    private static KeyValuePair kv(String k, String v) {
        return KeyValuePair.builder().name(k).value(v).build();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Object canonical) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
