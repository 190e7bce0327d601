package io.powermanager.reconciler;

/** Keys of the structured log fields the reconcilers write. */
public final class LogKeys {

  public static final String CONTROLLER = "controller";
  public static final String KIND = "kind";
  public static final String NAMESPACE = "namespace";
  public static final String NAME = "name";
  public static final String RECONCILE_ID = "reconcileId";
  public static final String RESULT = "result";
  public static final String FAILURES = "failures";
  public static final String RETRY_IN = "retryIn";
  public static final String NODE = "node";
  public static final String PROFILE = "profile";
  public static final String IDENTITY = "identity";
  public static final String LEADER = "leader";
  public static final String REASON = "reason";
  public static final String CHANGES = "changes";

  private LogKeys() {}
}
