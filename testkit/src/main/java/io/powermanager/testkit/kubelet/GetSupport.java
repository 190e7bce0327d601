package io.powermanager.testkit.kubelet;

/** Whether and how the emulated kubelet answers the PodResources {@code Get} RPC. */
public enum GetSupport {
  /** {@code Get} answers (kubelet 1.34+, feature gate {@code KubeletPodResourcesGet} on). */
  ENABLED,
  /**
   * Kubelet 1.27–1.33 with the gate off: status {@code UNKNOWN}, "PodResources API Get method
   * disabled".
   */
  DISABLED,
  /**
   * Kubelets before 1.27, which lack the method: status {@code UNIMPLEMENTED}, "unknown method Get
   * for service v1.PodResourcesLister".
   */
  UNIMPLEMENTED
}
