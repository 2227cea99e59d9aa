package dev.trae.aws.core.spi;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsResponse;

/** Records the outcome keys of one call on its observation; an observer that throws is logged and ignored. */
final class Observations {
    private static final Logger LOG = LoggerFactory.getLogger(Observations.class);

    private Observations() {
    }

    static void stop(CallObservation o, int attempts, boolean throttled, Object result, TraeException error) {
        if (o == CallObservation.NOOP) {
            return;
        }
        try {
            o.tag("attempts", Integer.toString(attempts));
            o.tag("throttled", Boolean.toString(throttled));
            o.tag("outcome", outcome(error));
            if (result instanceof AwsResponse) {
                String id = ((AwsResponse) result).responseMetadata().requestId();
                if (id != null && !"UNKNOWN".equals(id)) {
                    o.highCardinalityTag("aws.request_id", id);
                }
            }
            if (error instanceof TraeServiceException) {
                TraeServiceException s = (TraeServiceException) error;
                o.tag("error.code", s.errorCode().orElse("HTTP" + s.statusCode()));
                s.requestId().ifPresent(id -> o.highCardinalityTag("aws.request_id", id));
            } else if (error != null) {
                o.tag("error.code", error.getClass().getSimpleName());
            }
            o.stop(error);
        } catch (RuntimeException e) {
            LOG.warn("call observer failed and was ignored: {}", e.toString());
        }
    }

    static String outcome(TraeException error) {
        if (error == null) {
            return "success";
        }
        if (error instanceof TraeServiceException) {
            TraeServiceException s = (TraeServiceException) error;
            return s.throttled() ? "throttled" : s.statusCode() >= 500 ? "server_error" : "client_error";
        }
        if (error instanceof TraeCancelledException) {
            return "cancelled";
        }
        if (error instanceof TraeTimeoutException) {
            return "timeout";
        }
        return "failure";
    }
}
