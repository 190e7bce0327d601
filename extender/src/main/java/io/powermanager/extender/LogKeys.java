package io.powermanager.extender;

/** Keys of the extender's structured log fields. */
public final class LogKeys {
  public static final String NODE = "node";
  public static final String RESOURCE = "resource";
  public static final String KIND = "kind";
  public static final String VERB = "verb";
  public static final String POD = "pod";
  public static final String REASON = "reason";

  private LogKeys() {}
}
