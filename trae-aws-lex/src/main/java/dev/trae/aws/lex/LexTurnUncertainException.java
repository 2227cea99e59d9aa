package dev.trae.aws.lex;

import dev.trae.aws.core.TraeClientException;

/**
 * A turn ({@code RecognizeText} or {@code RecognizeUtterance}) failed after its request may have reached Lex:
 * the connection dropped before the answer, the answer could not be read, or Lex answered a server error. Lex
 * may have processed the turn and advanced the dialog, and it has no idempotency token for turns, so the turn
 * was not sent again. Call {@link LexSession#get()} to see where the dialog is before deciding what to say next.
 * The cause is the failure as the call saw it. Not retryable.
 *
 * <pre>{@code
 * try {
 *     turn = session.say("diesel");
 * } catch (LexTurnUncertainException e) {
 *     turn = session.get().orElseThrow();   // the dialog as Lex holds it
 * }
 * }</pre>
 */
public final class LexTurnUncertainException extends TraeClientException {
    private static final long serialVersionUID = 1L;

    LexTurnUncertainException(String operation, Throwable cause) {
        super(operation + " failed after the request may have reached Lex, so the turn may have been processed;"
                + " it was not retried (a repeat would advance the dialog twice). Call LexSession.get() to see the"
                + " dialog state. Cause: " + cause.getMessage(), cause, false);
    }
}
