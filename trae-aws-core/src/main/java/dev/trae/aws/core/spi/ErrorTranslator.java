package dev.trae.aws.core.spi;

import dev.trae.aws.core.HttpSettings;
import dev.trae.aws.core.Redaction;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeMalformedResponseException;
import dev.trae.aws.core.TraeQuotaExceededException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Translates AWS SDK exceptions into the {@link TraeException} hierarchy at the boundary, keeping
 * the original as the cause, with the status code, request id and error code.
 *
 * <p>Error codes are matched case-insensitively, so event-stream exceptions that arrive in camelCase
 * ({@code throttlingException}, {@code modelStreamErrorException}) classify like their PascalCase twins.
 */
public final class ErrorTranslator {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "throttling", "throttlingexception", "throttledexception", "requestthrottledexception",
            "toomanyrequestsexception", "provisionedthroughputexceededexception", "requestlimitexceeded",
            "bandwidthlimitexceeded", "requestthrottled", "slowdown", "prioragentrequestthrottled");
    /**
     * Quotas, not rates: never retried. {@code LimitExceededException} (SageMaker, Batch, Lex models, CloudWatch
     * Logs...), {@code ServiceQuotaExceededException} (Bedrock, Lex V2, Textract) and EC2's limit codes, such as
     * {@code InstanceLimitExceeded} and {@code VcpuLimitExceeded}
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
     */
    private static final Set<String> QUOTA_CODES = Set.of(
            "limitexceededexception", "servicequotaexceededexception", "servicelimitexceededexception",
            "resourcelimitexceeded", "resourcelimitexceededexception", "instancelimitexceeded", "vcpulimitexceeded",
            "maxspotinstancecountexceeded", "addresslimitexceeded", "securitygrouplimitexceeded");
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "serviceunavailableexception", "serviceunavailable", "internalserverexception", "internalservererror",
            "internalfailure", "internalerror", "modelstreamerrorexception", "modelnotreadyexception",
            "requesttimeout", "requesttimeoutexception", "idempotentparametermismatchexception_never",
            "transactioninprogressexception", "priorrequestnotcomplete", "ec2throttledexception");

    private ErrorTranslator() {
    }

    /** Whether an error code names a throttle (case-insensitive). */
    public static boolean isThrottlingCode(String code) {
        return code != null && THROTTLING_CODES.contains(code.toLowerCase(Locale.ROOT));
    }

    /** Whether an error code names a used-up account quota (case-insensitive): never retried. */
    public static boolean isQuotaCode(String code) {
        return code != null && QUOTA_CODES.contains(code.toLowerCase(Locale.ROOT));
    }

    /** Whether an error code names a transient server-side failure (case-insensitive). */
    public static boolean isRetryableCode(String code) {
        return code != null && RETRYABLE_CODES.contains(code.toLowerCase(Locale.ROOT));
    }

    /**
     * Translates any throwable from a call to {@code service}'s {@code operation}. A {@link TraeException}
     * passes through unchanged; wrappers such as {@link CompletionException} are unwrapped.
     */
    public static TraeException translate(Throwable t, String service, String operation) {
        Throwable e = unwrap(t);
        if (e instanceof TraeException) {
            return (TraeException) e;
        }
        String where = service + "." + operation;
        if (e instanceof AwsServiceException) {
            AwsServiceException a = (AwsServiceException) e;
            String code = a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
            String msg = a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
                    ? a.awsErrorDetails().errorMessage() : a.getMessage();
            return service(where, service, a.statusCode(), a.requestId(), code, msg, a.isThrottlingException(), e);
        }
        if (e instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) e;
            return service(where, service, s.statusCode(), s.requestId(), null, s.getMessage(), s.isThrottlingException(), e);
        }
        if (e instanceof ApiCallTimeoutException) {
            return new TraeTimeoutException(where + " did not complete within the API call timeout; raise "
                    + "HttpSettings.apiCallTimeout (generative calls use generativeApiCallTimeout) or retry later", null, e, false);
        }
        if (e instanceof ApiCallAttemptTimeoutException) {
            return new TraeTimeoutException(where + " attempt timed out; it is retried by the retry policy", null, e, true);
        }
        if (e instanceof CallNotPermittedException) {
            return new TraeClientException("circuit breaker for " + service + " is open after repeated failures; "
                    + "no request was sent. Calls resume automatically after the open-state wait", e, false);
        }
        if (e instanceof RequestNotPermitted) {
            return new TraeClientException("rate limit for " + service + " could not grant a permit in time; "
                    + "no request was sent. Raise ResiliencePolicy.rateLimitWait or lower concurrency", e, false);
        }
        if (e instanceof BulkheadFullException) {
            return new TraeClientException("too many concurrent calls to " + service + "; no request was sent. "
                    + "Raise ResiliencePolicy.bulkhead or lower concurrency", e, false);
        }
        if (e instanceof AbortedException || e instanceof InterruptedException) {
            return new TraeCancelledException(where + " was cancelled");
        }
        if (e instanceof SdkClientException && isUnparsableResponse(e)) {
            return new TraeMalformedResponseException(where + " answered, but the response could not be parsed: "
                    + Redaction.scrub(e.getMessage()) + " - the operation may have taken effect; check the resource's state "
                    + "before calling again", service, 200, null, e);
        }
        if (e instanceof SdkClientException) {
            boolean io = hasCause(e, IOException.class);
            if (hasCause(e, SocketTimeoutException.class)) {
                return new TraeTimeoutException(where + " timed out reading the response: " + Redaction.scrub(e.getMessage()), null, e, true);
            }
            return new TraeClientException(where + " failed without a service response: " + Redaction.scrub(e.getMessage())
                    + (io ? " (network error; retried by the retry policy)" : ""), e, io || ((SdkClientException) e).retryable());
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return new TraeClientException(where + " failed with an I/O error: " + Redaction.scrub(e.getMessage()), e, true);
        }
        if (e instanceof java.util.concurrent.TimeoutException) {
            return new TraeTimeoutException(where + " timed out", Duration.ZERO, e, true);
        }
        return new TraeClientException(where + " failed: " + e.getClass().getSimpleName() + ": "
                + Redaction.scrub(String.valueOf(e.getMessage())), e, false);
    }

    /**
     * Whether a client-side failure is the SDK failing to unmarshall a response it received (a success status
     * with a truncated or corrupted body), rather than a failure to send or receive.
     */
    static boolean isUnparsableResponse(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Unable to unmarshall response") || m.startsWith("Unable to parse")
                || m.contains("Unable to unmarshall response")) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            String n = c.getClass().getName();
            if (n.endsWith("JsonParseException") || n.endsWith("JsonEOFException") || n.endsWith("XMLStreamException")
                    || n.endsWith("MismatchedInputException") || n.endsWith("SAXParseException")) {
                return true;
            }
        }
        return false;
    }

    private static TraeServiceException service(String where, String service, int status, String requestId, String code,
                                                String message, boolean sdkThrottle, Throwable cause) {
        if (isQuotaCode(code)) {
            String msg = where + " failed with HTTP " + status + " " + code
                    + (requestId != null ? " (request id " + requestId + ")" : "") + ": " + Redaction.scrub(message)
                    + " - an account quota is used up; it is not retried. Request an increase in Service Quotas or free "
                    + "resources, then call again";
            return new TraeQuotaExceededException(msg, service, status, requestId, code, Redaction.scrub(message), cause);
        }
        boolean throttled = sdkThrottle || status == 429 || isThrottlingCode(code);  // quota codes returned above
        boolean retryable = throttled || status >= 500 || status == 408 || isRetryableCode(code);
        String hint = throttled ? "throttled; retried with backoff, or lower the request rate"
                : status >= 500 ? "server error; retried with backoff"
                : status == 403 ? "access denied; check the IAM policy (see trae-security's policy generator)"
                : status == 404 ? "not found; check the identifier and region"
                : "rejected; fix the request";
        String msg = where + " failed with HTTP " + status + (code != null ? " " + code : "")
                + (requestId != null ? " (request id " + requestId + ")" : "") + ": " + Redaction.scrub(message) + " - " + hint;
        return new TraeServiceException(msg, service, status, requestId, code, retryable, throttled, cause);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof java.lang.reflect.UndeclaredThrowableException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
