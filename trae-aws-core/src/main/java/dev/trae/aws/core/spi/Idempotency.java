package dev.trae.aws.core.spi;

/**
 * How safely an operation may be sent again after a failure whose outcome is unknown.
 *
 * <ul>
 *   <li>{@link #DEFAULT}: the retry policy's rule: throttling, 5xx, attempt timeouts and connection errors are
 *       retried (AWS's own retry rule; mutating EC2 calls carry a {@code ClientToken} so a repeat is safe).</li>
 *   <li>{@link #IDEMPOTENT}: as DEFAULT, and a success status whose body could not be parsed is retried too.
 *       For reads ({@code Describe*}, {@code Get*}, {@code List*}).</li>
 *   <li>{@link #NON_IDEMPOTENT}: retried only when the failure proves the request never reached the service
 *       (connection refused, unknown host, a throttling answer). For operations that advance state on every
 *       call, such as Lex {@code RecognizeText}.</li>
 * </ul>
 */
public enum Idempotency {
    DEFAULT,
    IDEMPOTENT,
    NON_IDEMPOTENT
}
