package dev.trae.aws.lex;

import java.util.List;

import dev.trae.aws.core.TraeException;

/**
 * Lex finished an export or an import as {@code Failed}: {@link #reasons()} are Lex's {@code failureReasons} (for
 * example a bot of that name exists and the merge strategy is {@code FailOnConflict}).
 */
public final class BotTransferException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final String transferId;
    private final String status;
    private final transient List<String> reasons;

    public BotTransferException(String message, String transferId, String status, List<String> reasons) {
        super(message + " (" + status + ")" + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        this.transferId = transferId;
        this.status = status;
        this.reasons = List.copyOf(reasons);
    }

    /** The export or import id. */
    public String transferId() {
        return transferId;
    }

    /** The status Lex reported ({@code Failed}, or {@code Deleting}). */
    public String status() {
        return status;
    }

    /** Lex's failure reasons. */
    public List<String> reasons() {
        return reasons;
    }
}
