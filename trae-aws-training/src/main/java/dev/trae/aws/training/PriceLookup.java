package dev.trae.aws.training;

/**
 * Where a price missing from the {@link InstancePriceTable} comes from.
 *
 * <pre>{@code
 * TrainingClient training = TrainingClient.builder().config(config).budgetUsd(500)
 *         .priceLookup(PriceLookup.OFFLINE)            // table only: no call to the Price List API
 *         .build();
 * }</pre>
 */
public enum PriceLookup {
    /**
     * The default: a type the table does not hold is looked up once per (type, region) through the AWS Price List Query
     * API ({@code pricing:GetProducts}): the On-Demand Linux, shared-tenancy price of the EC2 type, or the training price
     * of the SageMaker type, in the config's region. Entries of the table (yours included) always win.
     */
    PRICE_LIST_API,
    /** Table only: no network call for prices; a type without an entry has no price. */
    OFFLINE
}
