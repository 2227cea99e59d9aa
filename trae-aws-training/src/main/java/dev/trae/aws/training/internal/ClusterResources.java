package dev.trae.aws.training.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.trae.aws.training.model.CapacityReservation;

/**
 * What one cluster has created or bound so far, by id: written by the launcher, read by the handle and by
 * teardown. Not API; thread-safe.
 */
public final class ClusterResources {
    private final Set<String> instanceIds = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile String placementGroup;
    private volatile String securityGroupId;
    private volatile String createdReservationId;
    private volatile CapacityReservation reservation;
    private volatile Instant deadline;

    public List<String> instanceIds() {
        synchronized (instanceIds) {
            return List.copyOf(instanceIds);
        }
    }

    public void addInstance(String id) {
        instanceIds.add(id);
    }

    /** Keeps only the instances in {@code still}. */
    public void retainInstances(Set<String> still) {
        instanceIds.removeIf(id -> !still.contains(id));
    }

    public boolean hasInstances() {
        return !instanceIds.isEmpty();
    }

    public Optional<String> placementGroup() {
        return Optional.ofNullable(placementGroup);
    }

    public void placementGroup(String name) {
        this.placementGroup = name;
    }

    public Optional<String> securityGroupId() {
        return Optional.ofNullable(securityGroupId);
    }

    public void securityGroupId(String id) {
        this.securityGroupId = id;
    }

    /** An On-Demand Capacity Reservation this cluster created (teardown cancels it). */
    public Optional<String> createdReservationId() {
        return Optional.ofNullable(createdReservationId);
    }

    public void createdReservationId(String id) {
        this.createdReservationId = id;
    }

    /** The reservation the instances run in, if any. */
    public Optional<CapacityReservation> reservation() {
        return Optional.ofNullable(reservation);
    }

    public void reservation(CapacityReservation r) {
        this.reservation = r;
    }

    /** When the expiry guard tears the cluster down, if the capacity ends. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    public void deadline(Instant d) {
        this.deadline = d;
    }

    /** Whether nothing that needs deleting is known. */
    public boolean nothingTracked() {
        return instanceIds.isEmpty() && placementGroup == null && securityGroupId == null && createdReservationId == null;
    }
}
