package dev.trae.aws.core;

import dev.trae.aws.core.spi.ErrorTranslator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class ErrorTranslatorTest {

    private static AwsServiceException aws(int status, String code, String message) {
        return (AwsServiceException) AwsServiceException.builder().statusCode(status).requestId("req-123")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void translate_throttling_isRetryableThrottleWithRequestIdAndCause() {
        AwsServiceException src = aws(429, "ThrottlingException", "Rate exceeded");
        TraeException e = ErrorTranslator.translate(src, "rekognition", "DetectLabels");
        assertThat(e).isInstanceOfSatisfying(TraeServiceException.class, s -> {
            assertThat(s.throttled()).isTrue();
            assertThat(s.retryable()).isTrue();
            assertThat(s.statusCode()).isEqualTo(429);
            assertThat(s.requestId()).hasValue("req-123");
            assertThat(s.errorCode()).hasValue("ThrottlingException");
            assertThat(s.service()).isEqualTo("rekognition");
            assertThat(s.getCause()).isSameAs(src);
            assertThat(s.getMessage()).contains("rekognition.DetectLabels").contains("req-123").contains("Rate exceeded");
        });
    }

    @Test
    void translate_camelCaseStreamErrorCodes_classifyLikePascalCase() {
        TraeServiceException t = (TraeServiceException) ErrorTranslator.translate(aws(400, "throttlingException", "x"), "bedrock-runtime", "ConverseStream");
        assertThat(t.throttled()).isTrue();
        TraeServiceException m = (TraeServiceException) ErrorTranslator.translate(aws(424, "modelStreamErrorException", "x"), "bedrock-runtime", "ConverseStream");
        assertThat(m.retryable()).isTrue();
        assertThat(m.throttled()).isFalse();
        TraeServiceException v = (TraeServiceException) ErrorTranslator.translate(aws(400, "validationException", "bad"), "bedrock-runtime", "ConverseStream");
        assertThat(v.retryable()).isFalse();
    }

    @Test
    void translate_5xxIsRetryable_4xxIsNot() {
        assertThat(ErrorTranslator.translate(aws(503, "ServiceUnavailableException", "x"), "s", "o").retryable()).isTrue();
        assertThat(ErrorTranslator.translate(aws(500, null, "x"), "s", "o").retryable()).isTrue();
        assertThat(ErrorTranslator.translate(aws(400, "ValidationException", "x"), "s", "o").retryable()).isFalse();
        assertThat(ErrorTranslator.translate(aws(403, "AccessDeniedException", "x"), "s", "o").getMessage()).contains("IAM");
        assertThat(ErrorTranslator.translate(aws(404, "ResourceNotFoundException", "x"), "s", "o").retryable()).isFalse();
    }

    @Test
    void translate_timeouts() {
        TraeException whole = ErrorTranslator.translate(ApiCallTimeoutException.builder().message("t").build(), "s", "o");
        assertThat(whole).isInstanceOf(TraeTimeoutException.class);
        assertThat(whole.retryable()).isFalse();
        TraeException attempt = ErrorTranslator.translate(ApiCallAttemptTimeoutException.builder().message("t").build(), "s", "o");
        assertThat(attempt).isInstanceOf(TraeTimeoutException.class);
        assertThat(attempt.retryable()).isTrue();
        TraeException read = ErrorTranslator.translate(SdkClientException.create("read", new SocketTimeoutException("Read timed out")), "s", "o");
        assertThat(read).isInstanceOf(TraeTimeoutException.class);
        assertThat(read.retryable()).isTrue();
    }

    @Test
    void translate_networkErrorsAreRetryableClientErrors() {
        TraeException e = ErrorTranslator.translate(SdkClientException.create("Unable to execute HTTP request",
                new IOException("Connection reset")), "s3", "PutObject");
        assertThat(e).isInstanceOf(TraeClientException.class).isNotInstanceOf(TraeTimeoutException.class);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void translate_unwrapsCompletionExceptionAndPassesTraeExceptionsThrough() {
        TraeValidationException v = new TraeValidationException("prompt", "must not be empty");
        assertThat(ErrorTranslator.translate(new CompletionException(v), "s", "o")).isSameAs(v);
        assertThat(ErrorTranslator.translate(new CompletionException(aws(429, "ThrottlingException", "x")), "s", "o"))
                .isInstanceOf(TraeServiceException.class);
    }

    @Test
    void translate_openCircuit_saysNoRequestWasSent() {
        CircuitBreaker cb = CircuitBreaker.ofDefaults("svc");
        cb.transitionToOpenState();
        TraeException e = ErrorTranslator.translate(CallNotPermittedException.createCallNotPermittedException(cb), "svc", "Op");
        assertThat(e).isInstanceOf(TraeClientException.class);
        assertThat(e.getMessage()).contains("open").contains("no request was sent");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void translate_messagesDoNotLeakSecrets() {
        TraeException e = ErrorTranslator.translate(aws(400, "ValidationException", "bad value password=hunter2"), "s", "o");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }
}
