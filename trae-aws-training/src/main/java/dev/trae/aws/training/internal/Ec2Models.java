package dev.trae.aws.training.internal;

import java.util.Optional;

import dev.trae.aws.training.model.CapacityReservation;

/** Maps EC2 SDK types to the module's model. Not API. */
public final class Ec2Models {
    private Ec2Models() {
    }

    /** A capacity reservation as the model describes it (type {@code default} when EC2 names none). */
    public static CapacityReservation toModel(software.amazon.awssdk.services.ec2.model.CapacityReservation r) {
        return new CapacityReservation(r.capacityReservationId(), r.instanceType(),
                r.availabilityZone(), r.totalInstanceCount() == null ? 0 : r.totalInstanceCount(),
                r.availableInstanceCount() == null ? 0 : r.availableInstanceCount(), r.stateAsString(),
                Optional.ofNullable(r.startDate()), Optional.ofNullable(r.endDate()),
                r.reservationTypeAsString() == null ? "default" : r.reservationTypeAsString());
    }
}
