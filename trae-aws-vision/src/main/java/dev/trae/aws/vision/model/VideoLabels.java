package dev.trae.aws.vision.model;

import java.util.List;

/** All labels of a finished video label-detection job, in time order, and the video's properties. */
public record VideoLabels(String jobId, long durationMillis, double frameRate, int frameWidth, int frameHeight,
                          List<VideoLabel> labels, int pages) {
    public VideoLabels {
        labels = List.copyOf(labels);
    }
}
