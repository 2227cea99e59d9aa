package dev.trae.aws.training;

import java.math.BigDecimal;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.CapacityBlockOffering;

/**
 * The explicit confirmation a Capacity Block purchase needs, because it spends money that cannot be
 * refunded: it names the offering and repeats its upfront fee. A confirmation for another offering or
 * another fee is refused before any call. Immutable.
 *
 * <pre>{@code
 * PurchaseConfirmation ok = PurchaseConfirmation.acceptCharge(offering.offeringId(), offering.upfrontFee());
 * }</pre>
 */
public final class PurchaseConfirmation {
    private final String offeringId;
    private final BigDecimal upfrontFee;

    private PurchaseConfirmation(String offeringId, BigDecimal upfrontFee) {
        this.offeringId = offeringId;
        this.upfrontFee = upfrontFee;
    }

    /** Confirms buying {@code offeringId} for {@code upfrontFee} (in the offering's currency). */
    public static PurchaseConfirmation acceptCharge(String offeringId, BigDecimal upfrontFee) {
        if (offeringId == null || offeringId.isBlank()) {
            throw new TraeValidationException("confirmation", "name the offering id you accept");
        }
        return new PurchaseConfirmation(offeringId, Objects.requireNonNull(upfrontFee, "upfrontFee"));
    }

    /** Throws unless this confirms exactly {@code offering} at its fee. */
    void check(CapacityBlockOffering offering) {
        if (!offering.offeringId().equals(offeringId) || offering.upfrontFee().compareTo(upfrontFee) != 0) {
            throw new TraeValidationException("confirmation", "the confirmation is for " + offeringId + " at " + upfrontFee.toPlainString()
                    + ", not for " + offering.offeringId() + " at " + offering.upfrontFee().toPlainString() + " " + offering.currency()
                    + "; nothing was purchased");
        }
    }

    @Override
    public String toString() {
        return "PurchaseConfirmation[" + offeringId + " " + upfrontFee.toPlainString() + "]";
    }
}
