package dev.trae.aws.robotics.ros;

import java.nio.file.Path;
import java.util.List;

/**
 * A package written by {@link RosPackageGenerator}: its root folder and every file, in writing order.
 *
 * @param root  the package folder
 * @param files every file written
 */
public record GeneratedPackage(Path root, List<Path> files) {
    public GeneratedPackage {
        files = List.copyOf(files);
    }
}
