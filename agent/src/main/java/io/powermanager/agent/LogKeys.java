package io.powermanager.agent;

/** Keys of the agent's structured log fields. */
public final class LogKeys {
  public static final String NODE = "node";
  public static final String POD = "pod";
  public static final String CPUS = "cpus";
  public static final String WRITES = "writes";
  public static final String REASON = "reason";
  public static final String SOCKET = "socket";
  public static final String STATE_FILE = "stateFile";
  public static final String MILLIS = "millis";

  private LogKeys() {}
}
