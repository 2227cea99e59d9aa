package dev.trae.aws.vision;

import dev.trae.aws.core.TraeException;

/** An asynchronous Rekognition or Textract job ended FAILED; the message carries the service's status message. */
public class VisionJobException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final String awsJobId;

    public VisionJobException(String message, String awsJobId) {
        super(message);
        this.awsJobId = awsJobId;
    }

    /** The service's job id. */
    public String awsJobId() {
        return awsJobId;
    }
}
