package dev.trae.aws.bedrock;

import java.math.BigDecimal;

import dev.trae.aws.core.TraeClientException;

/** A call was refused because its application's {@link Budget} is used up; nothing was sent. */
public final class BudgetExceededException extends TraeClientException {
    private static final long serialVersionUID = 1L;
    private final String app;
    private final BigDecimal spent;
    private final BigDecimal limit;

    public BudgetExceededException(String app, BigDecimal spent, BigDecimal limit) {
        super("budget of app " + app + " is used up: spent " + spent.toPlainString() + " USD of " + limit.toPlainString()
                + " USD; no request was sent. Raise the budget or wait for the next period (CostLedger.reset)");
        this.app = app;
        this.spent = spent;
        this.limit = limit;
    }

    public String app() {
        return app;
    }

    public BigDecimal spent() {
        return spent;
    }

    public BigDecimal limit() {
        return limit;
    }
}
