package dev.trae.examples.assistant;

import java.util.Map;

import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Every failure becomes {@code {"error": "..."}} with a 4xx for bad input and a 502/500 otherwise. The page shows the
 * message; stack traces stay in the server log.
 */
@RestControllerAdvice
public class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, String>> badRequest(BadRequestException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(TraeValidationException.class)
    ResponseEntity<Map<String, String>> validation(TraeValidationException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, String>> tooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "The file is too large: upload an image of at most 5 MB.");
    }

    @ExceptionHandler({MissingServletRequestPartException.class, MultipartException.class})
    ResponseEntity<Map<String, String>> noFile(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "Choose an image file to upload.");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Map<String, String>> unreadable(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "The request could not be read: send JSON such as {\"message\": \"...\"}.");
    }

    @ExceptionHandler(TraeServiceException.class)
    ResponseEntity<Map<String, String>> service(TraeServiceException e) {
        LOG.warn("AWS call failed: {}", e.getMessage());
        return error(HttpStatus.BAD_GATEWAY, "The AWS service did not answer as expected (" + e.errorCode().orElse("HTTP " + e.statusCode())
                + "). Try again in a moment.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        LOG.error("request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; the details are in its log.");
    }

    static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
