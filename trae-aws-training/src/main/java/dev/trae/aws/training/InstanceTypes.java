package dev.trae.aws.training;

import java.util.Set;

import dev.trae.aws.core.TraeValidationException;

/**
 * The instance types this module accepts, for SageMaker training ({@code ml.*}) and for EC2
 * UltraClusters, and whether a type is Trainium.
 */
public final class InstanceTypes {
    /** SageMaker Trainium training types. */
    public static final Set<String> SAGEMAKER_TRAINIUM = Set.of("ml.trn1.2xlarge", "ml.trn1.32xlarge", "ml.trn1n.32xlarge", "ml.trn2.48xlarge");
    /** SageMaker GPU training types. */
    public static final Set<String> SAGEMAKER_GPU = Set.of(
            "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge", "ml.g4dn.8xlarge", "ml.g4dn.12xlarge", "ml.g4dn.16xlarge",
            "ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.8xlarge", "ml.g5.12xlarge", "ml.g5.16xlarge",
            "ml.g5.24xlarge", "ml.g5.48xlarge", "ml.g6.xlarge", "ml.g6.2xlarge", "ml.g6.4xlarge", "ml.g6.8xlarge",
            "ml.g6.12xlarge", "ml.g6.16xlarge", "ml.g6.24xlarge", "ml.g6.48xlarge",
            "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge", "ml.p3dn.24xlarge", "ml.p4d.24xlarge", "ml.p4de.24xlarge",
            "ml.p5.48xlarge", "ml.p5e.48xlarge", "ml.p5en.48xlarge");
    /** EC2 types an UltraCluster (Capacity Blocks, EFA, cluster placement) is built from. */
    public static final Set<String> ULTRACLUSTER = Set.of("trn1.2xlarge", "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge",
            "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge");

    private InstanceTypes() {
    }

    /** Whether the type (SageMaker or EC2 spelling) is an AWS Trainium type. */
    public static boolean isTrainium(String instanceType) {
        String t = instanceType.startsWith("ml.") ? instanceType.substring(3) : instanceType;
        return t.startsWith("trn");
    }

    /** Throws {@link TraeValidationException} unless {@code instanceType} is a supported SageMaker training type. */
    public static String requireSageMakerTraining(String instanceType) {
        if (instanceType == null || !(SAGEMAKER_TRAINIUM.contains(instanceType) || SAGEMAKER_GPU.contains(instanceType))) {
            throw new TraeValidationException("instanceType", "unknown or unsupported SageMaker training instance type '"
                    + safe(instanceType) + "'; use a Trainium type " + new java.util.TreeSet<>(SAGEMAKER_TRAINIUM)
                    + " or a GPU type such as ml.g5.2xlarge or ml.p4d.24xlarge");
        }
        return instanceType;
    }

    /** Throws {@link TraeValidationException} unless {@code instanceType} is a supported UltraCluster EC2 type. */
    public static String requireUltraCluster(String instanceType) {
        if (instanceType == null || !ULTRACLUSTER.contains(instanceType)) {
            throw new TraeValidationException("instanceType", "unknown or unsupported UltraCluster instance type '"
                    + safe(instanceType) + "'; use one of " + new java.util.TreeSet<>(ULTRACLUSTER));
        }
        return instanceType;
    }

    static String safe(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }
}
