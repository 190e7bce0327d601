package io.powermanager.api;

/** {@code fieldManager} names each component writes with, so managedFields show who wrote what. */
public final class FieldManagers {

  /** The reconcilers in the manager process. */
  public static final String RECONCILER = "power-manager-reconciler";

  /** The node agent on each power node. */
  public static final String AGENT = "power-node-agent";

  /** The certificate issuer (Secrets, caBundle injection). */
  public static final String CERTS = "power-manager-certs";

  private FieldManagers() {}
}
