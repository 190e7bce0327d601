package io.powermanager.api;

/** Label keys and values the power components set and select on. */
public final class PowerLabels {

  /**
   * On pods: the profile the pod requested, set by the mutating webhook so the agent and the
   * extender can select power pods without reading their resources.
   */
  public static final String PROFILE = PowerApi.GROUP + "/profile";

  /** On derived objects (per-node profiles, workloads): the node they belong to. */
  public static final String NODE = PowerApi.GROUP + "/node";

  /** On per-node extended profiles: the base profile they were derived from. */
  public static final String BASE_PROFILE = PowerApi.GROUP + "/base-profile";

  /** Kubernetes' recommended label: the application's name. */
  public static final String APP_NAME = "app.kubernetes.io/name";

  /** Kubernetes' recommended label: the component within the application. */
  public static final String APP_COMPONENT = "app.kubernetes.io/component";

  /** Kubernetes' recommended label: the higher-level application this is part of. */
  public static final String APP_PART_OF = "app.kubernetes.io/part-of";

  /** Kubernetes' recommended label: the tool that manages the object. */
  public static final String APP_MANAGED_BY = "app.kubernetes.io/managed-by";

  /** {@link #APP_NAME} of the node agent DaemonSet and its pods. */
  public static final String AGENT_APP_NAME = "power-node-agent";

  /** {@link #APP_NAME} of the manager Deployment (webhook, extender, reconcilers). */
  public static final String MANAGER_APP_NAME = "power-manager";

  /** {@link #APP_COMPONENT} of the node agent. */
  public static final String AGENT_COMPONENT = "node-agent";

  /** {@link #APP_PART_OF} and {@link #APP_MANAGED_BY} of everything power-manager creates. */
  public static final String PART_OF = "power-manager";

  private PowerLabels() {}
}
