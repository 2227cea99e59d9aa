package dev.trae.aws.training;

import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.CapacityBlockOffering;

/**
 * Where an UltraCluster's instances come from. Immutable.
 * <ul>
 *   <li>{@link #none()}: plain On-Demand launch, no reservation;</li>
 *   <li>{@link #onDemandReservation()}: an On-Demand Capacity Reservation created for the cluster and
 *       cancelled at teardown;</li>
 *   <li>{@link #existingReservation(String)}: a reservation you already hold (a purchased Capacity Block
 *       or an ODCR); its end time arms the expiry guard;</li>
 *   <li>{@link #purchaseCapacityBlock(CapacityBlockOffering, PurchaseConfirmation)}: buys the offering as
 *       part of the launch (explicitly confirmed: it is money).</li>
 * </ul>
 */
public final class Capacity {
    /** The kinds of capacity. */
    public enum Kind { NONE, ON_DEMAND_RESERVATION, EXISTING_RESERVATION, PURCHASE_CAPACITY_BLOCK }

    private final Kind kind;
    private final String reservationId;
    private final CapacityBlockOffering offering;
    private final PurchaseConfirmation confirmation;

    private Capacity(Kind kind, String reservationId, CapacityBlockOffering offering, PurchaseConfirmation confirmation) {
        this.kind = kind;
        this.reservationId = reservationId;
        this.offering = offering;
        this.confirmation = confirmation;
    }

    public static Capacity none() {
        return new Capacity(Kind.NONE, null, null, null);
    }

    public static Capacity onDemandReservation() {
        return new Capacity(Kind.ON_DEMAND_RESERVATION, null, null, null);
    }

    public static Capacity existingReservation(String capacityReservationId) {
        if (capacityReservationId == null || !capacityReservationId.matches("cr-[0-9a-f]{8,17}")) {
            throw new TraeValidationException("capacityReservationId", "must be a capacity reservation id such as cr-0123456789abcdef0, was "
                    + InstanceTypes.safe(capacityReservationId));
        }
        return new Capacity(Kind.EXISTING_RESERVATION, capacityReservationId, null, null);
    }

    /** Buys {@code offering} during launch; {@code confirmation} must name it and its fee. */
    public static Capacity purchaseCapacityBlock(CapacityBlockOffering offering, PurchaseConfirmation confirmation) {
        Objects.requireNonNull(offering, "offering");
        if (confirmation == null) {
            throw new TraeValidationException("confirmation", "buying a Capacity Block spends " + offering.upfrontFee().toPlainString() + " "
                    + offering.currency() + " that cannot be refunded; pass PurchaseConfirmation.acceptCharge(offeringId, fee)");
        }
        confirmation.check(offering);
        return new Capacity(Kind.PURCHASE_CAPACITY_BLOCK, null, offering, confirmation);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> reservationId() {
        return Optional.ofNullable(reservationId);
    }

    public Optional<CapacityBlockOffering> offering() {
        return Optional.ofNullable(offering);
    }

    Optional<PurchaseConfirmation> confirmation() {
        return Optional.ofNullable(confirmation);
    }

    @Override
    public String toString() {
        return "Capacity[" + kind + (reservationId != null ? " " + reservationId : "") + (offering != null ? " " + offering.offeringId() : "") + "]";
    }
}
