package dev.trae.aws.training.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An EC2 capacity reservation: a purchased Capacity Block ({@code type = "capacity-block"}) or an
 * On-Demand Capacity Reservation ({@code "default"}). Immutable.
 */
public record CapacityReservation(String reservationId, String instanceType, String availabilityZone, int totalInstances,
                                  int availableInstances, String state, Optional<Instant> start, Optional<Instant> end, String type) {

    /** Whether this is a Capacity Block (which cannot be cancelled and ends at {@link #end()}). */
    public boolean isCapacityBlock() {
        return "capacity-block".equals(type);
    }
}
