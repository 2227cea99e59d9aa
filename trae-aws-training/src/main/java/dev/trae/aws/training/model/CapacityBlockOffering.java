package dev.trae.aws.training.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An EC2 Capacity Block offering: a number of instances of one type in one Availability Zone for a
 * fixed window, at an upfront fee. Immutable.
 */
public record CapacityBlockOffering(String offeringId, String instanceType, String availabilityZone, int instanceCount,
                                    Instant start, Instant end, int durationHours, BigDecimal upfrontFee, String currency) {

    @Override
    public String toString() {
        return offeringId + " " + instanceCount + " x " + instanceType + " in " + availabilityZone + " " + start + " .. " + end
                + " (" + durationHours + " h) for " + upfrontFee.toPlainString() + " " + currency;
    }
}
