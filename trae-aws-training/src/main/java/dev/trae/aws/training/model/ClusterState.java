package dev.trae.aws.training.model;

/** The states an UltraCluster lifecycle goes through, in order; {@link #FAILED} ends a failed launch after teardown. */
public enum ClusterState {
    REQUESTED,
    CHECKING_INSTANCE_TYPE,
    RESOLVING_AMI,
    RESERVING_CAPACITY,
    /** A reserved Capacity Block is payment-pending or scheduled: waiting for its start date (active). */
    WAITING_FOR_CAPACITY,
    CREATING_PLACEMENT_GROUP,
    CREATING_SECURITY_GROUP,
    LAUNCHING_INSTANCES,
    WAITING_FOR_RUNNING,
    WAITING_FOR_STATUS_CHECKS,
    READY,
    RUNNING_COMMAND,
    TEARING_DOWN,
    TERMINATED,
    FAILED
}
