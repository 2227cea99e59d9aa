package dev.trae.aws.robotics.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Results of an array simulation (many scenarios in one AWS Batch array job): the parent's status and the
 * child status summary, plus one {@link SimulationResult} per scenario, in index order.
 *
 * @param name          the simulation name
 * @param batchJobId    the parent array job id
 * @param status        the parent's final status (FAILED when any child failed)
 * @param statusSummary children per Batch status, as Batch reports it
 * @param scenarios     the scenarios, index i ran as child i
 * @param children      one result per child, in index order
 */
public record ArraySimulationResult(String name, String batchJobId, SimulationStatus status, Map<String, Integer> statusSummary,
                                    List<Scenario> scenarios, List<SimulationResult> children) {
    public ArraySimulationResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(batchJobId, "batchJobId");
        Objects.requireNonNull(status, "status");
        statusSummary = Map.copyOf(statusSummary);
        scenarios = List.copyOf(scenarios);
        children = List.copyOf(children);
    }

    public boolean allSucceeded() {
        return !children.isEmpty() && children.stream().allMatch(SimulationResult::succeeded);
    }

    public long succeededCount() {
        return children.stream().filter(SimulationResult::succeeded).count();
    }

    /** The children that did not succeed. */
    public List<SimulationResult> failed() {
        return children.stream().filter(c -> !c.succeeded()).toList();
    }

    /** The scenario a child ran. */
    public Optional<Scenario> scenarioOf(SimulationResult child) {
        return child.arrayIndex().filter(i -> i >= 0 && i < scenarios.size()).map(scenarios::get);
    }

    /** Mean run time of the children that started and stopped. */
    public Optional<Duration> meanDuration() {
        OptionalDouble avg = children.stream().flatMap(c -> c.duration().stream()).mapToLong(Duration::toMillis).average();
        return avg.isPresent() ? Optional.of(Duration.ofMillis(Math.round(avg.getAsDouble()))) : Optional.empty();
    }
}
