package dev.trae.aws.robotics.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One scenario of an array simulation: a name and the environment variables that make it different.
 * Child {@code i} of the array job runs scenario {@code i}; the containers read every scenario from the
 * {@code TRAE_SCENARIOS} environment variable (a JSON array) and pick theirs by {@code AWS_BATCH_JOB_ARRAY_INDEX}.
 *
 * @param name        a label, 1 to 128 characters of letters, digits, '-', '_' and '.'
 * @param environment variables for this scenario
 */
public record Scenario(String name, Map<String, String> environment) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(environment, "environment")));
    }

    public static Scenario of(String name, Map<String, String> environment) {
        return new Scenario(name, environment);
    }
}
