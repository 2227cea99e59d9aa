package dev.trae.aws.robotics.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.spi.InputChecks;

/**
 * A robot or simulation application of a simulation job: a container image, the ROS package and launch
 * file it starts, its environment and its resources. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * Application robot = Application.builder()
 *         .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-robot:1.4")
 *         .packageName("fuel_robot").launchFile("navigate.launch.py")
 *         .environment("ROBOT_SPEED", "0.5")
 *         .build();
 * }</pre>
 */
public final class Application {
    private final String image;
    private final String packageName;
    private final String launchFile;
    private final Map<String, String> environment;
    private final List<String> command;
    private final RosGeneration rosVersion;
    private final int vcpus;
    private final int memoryMiB;

    private Application(Builder b) {
        this.image = ApplicationRules.image("image", b.image);
        this.command = List.copyOf(b.command);
        if (command.size() > 100) {
            throw new dev.trae.aws.core.TraeValidationException("command", "at most 100 arguments");
        }
        this.command.forEach(c -> ApplicationRules.commandArg("command", c));
        // with an explicit command the package and launch file are informational and may be left out
        boolean needLaunch = command.isEmpty();
        this.packageName = !needLaunch && b.packageName == null ? "" : ApplicationRules.rosPackageName("packageName", b.packageName);
        this.launchFile = !needLaunch && b.launchFile == null ? "" : ApplicationRules.launchFile("launchFile", b.launchFile);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        if (environment.size() > 100) {
            throw new dev.trae.aws.core.TraeValidationException("environment", "at most 100 variables");
        }
        this.environment.forEach((k, v) -> ApplicationRules.envVar("environment", k, v));
        this.rosVersion = Objects.requireNonNull(b.rosVersion, "rosVersion");
        this.vcpus = InputChecks.range("vcpus", b.vcpus, 1, 192);
        this.memoryMiB = InputChecks.range("memoryMiB", b.memoryMiB, 128, 1_048_576);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks a container image reference by the rule {@link Builder#image(String)} applies (lowercase registry, path,
     * tag or digest, at most 255 characters); {@code parameter} names it in the error.
     *
     * @return the image
     * @throws dev.trae.aws.core.TraeValidationException when the reference breaks the rule
     */
    public static String checkImage(String parameter, String image) {
        return ApplicationRules.image(parameter, image);
    }

    /**
     * Checks one container environment variable by the rule {@link Builder#environment(String, String)} applies: a name
     * of {@code [A-Za-z_][A-Za-z0-9_]*} not reserved by AWS Batch ({@code AWS_BATCH*}) or this SDK ({@code TRAE_*}),
     * a value of at most 4096 characters without NUL.
     *
     * @throws dev.trae.aws.core.TraeValidationException when the variable breaks the rule
     */
    public static void checkEnvironmentVariable(String parameter, String name, String value) {
        ApplicationRules.envVar(parameter, name, value);
    }

    public Builder toBuilder() {
        Builder b = new Builder().image(image).packageName(packageName.isEmpty() ? null : packageName)
                .launchFile(launchFile.isEmpty() ? null : launchFile).environment(environment)
                .rosVersion(rosVersion).vcpus(vcpus).memoryMiB(memoryMiB);
        b.command.addAll(command);
        return b;
    }

    public String image() {
        return image;
    }

    /** The ROS package, or an empty string when only a {@link #command()} was given. */
    public String packageName() {
        return packageName;
    }

    /** The launch file, or an empty string when only a {@link #command()} was given. */
    public String launchFile() {
        return launchFile;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** An explicit command, when set; otherwise {@link #launchCommand()} is used. */
    public Optional<List<String>> command() {
        return command.isEmpty() ? Optional.empty() : Optional.of(command);
    }

    public RosGeneration rosVersion() {
        return rosVersion;
    }

    public int vcpus() {
        return vcpus;
    }

    public int memoryMiB() {
        return memoryMiB;
    }

    /** The container command: the explicit one, or {@code ros2 launch pkg file} / {@code roslaunch pkg file}. */
    public List<String> launchCommand() {
        if (!command.isEmpty()) {
            return command;
        }
        return rosVersion == RosGeneration.ROS2 ? List.of("ros2", "launch", packageName, launchFile)
                : List.of("roslaunch", packageName, launchFile);
    }

    @Override
    public String toString() {
        return "Application[" + image + " " + packageName + "/" + launchFile + " " + rosVersion + " env=" + environment.keySet() + "]";
    }

    /** Builder of {@link Application}. */
    public static final class Builder {
        private String image;
        private String packageName;
        private String launchFile;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> command = new ArrayList<>();
        private RosGeneration rosVersion = RosGeneration.ROS2;
        private int vcpus = 1;
        private int memoryMiB = 2048;

        private Builder() {
        }

        /** The container image URI (required). */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** The ROS package to launch (required unless a {@link #command(List)} is given). */
        public Builder packageName(String packageName) {
            this.packageName = packageName;
            return this;
        }

        /** The launch file in that package (required unless a {@link #command(List)} is given). */
        public Builder launchFile(String launchFile) {
            this.launchFile = launchFile;
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder environment(Map<String, String> env) {
            environment.putAll(Objects.requireNonNull(env, "env"));
            return this;
        }

        /** Replaces the launch command (for images with their own entry point). */
        public Builder command(List<String> cmd) {
            command.clear();
            command.addAll(Objects.requireNonNull(cmd, "cmd"));
            return this;
        }

        /** ROS 2 (default) launches with {@code ros2 launch}, ROS 1 with {@code roslaunch}. */
        public Builder rosVersion(RosGeneration v) {
            this.rosVersion = v;
            return this;
        }

        /** vCPUs of this container (1 to 192, default 1). */
        public Builder vcpus(int vcpus) {
            this.vcpus = vcpus;
            return this;
        }

        /** Memory of this container in MiB (128 to 1048576, default 2048). */
        public Builder memoryMiB(int memoryMiB) {
            this.memoryMiB = memoryMiB;
            return this;
        }

        public Application build() {
            return new Application(this);
        }
    }
}
